using System.Text.Json.Serialization;

namespace AsyncAi;

/// <summary>What happened to a job. The last four are terminal: a job has exactly one of them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobEventType>))]
public enum JobEventType
{
    /// <summary>The job was accepted onto the request queue.</summary>
    Queued,

    /// <summary>A worker took the job and began running its handler.</summary>
    Started,

    /// <summary>The handler reported progress.</summary>
    Progress,

    /// <summary>The job finished and its outputs are in S3.</summary>
    Succeeded,

    /// <summary>The job failed for good (a non-retryable error, or its attempts ran out).</summary>
    Failed,

    /// <summary>The job was cancelled before or while it ran.</summary>
    Cancelled,

    /// <summary>The job's deadline passed before it could finish.</summary>
    Expired,
}

/// <summary>Helpers over <see cref="JobEventType"/>.</summary>
public static class JobEventTypeExtensions
{
    /// <summary>Whether the event ends the job: succeeded, failed, cancelled or expired.</summary>
    /// <param name="type">The event type.</param>
    public static bool IsTerminal(this JobEventType type) =>
        type is JobEventType.Succeeded or JobEventType.Failed or JobEventType.Cancelled or JobEventType.Expired;
}
