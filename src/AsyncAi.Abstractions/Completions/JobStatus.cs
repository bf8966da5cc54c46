using System.Text.Json.Serialization;

namespace AsyncAi;

/// <summary>How a job ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>The job finished and its outputs are in S3.</summary>
    Succeeded,

    /// <summary>The job failed for good.</summary>
    Failed,

    /// <summary>The job was cancelled.</summary>
    Cancelled,

    /// <summary>The job's deadline passed.</summary>
    Expired,
}

/// <summary>Maps between <see cref="JobStatus"/> and the terminal <see cref="JobEventType"/>.</summary>
public static class JobStatusExtensions
{
    /// <summary>The terminal event type that reports this status.</summary>
    /// <param name="status">The status.</param>
    public static JobEventType ToEventType(this JobStatus status) => status switch
    {
        JobStatus.Succeeded => JobEventType.Succeeded,
        JobStatus.Failed => JobEventType.Failed,
        JobStatus.Cancelled => JobEventType.Cancelled,
        JobStatus.Expired => JobEventType.Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown job status."),
    };
}
