using System.Text.Json.Serialization;

namespace AsyncAi;

/// <summary>Where a job stands, as a job store lists it (<see cref="JobRecord.Status"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobRecordStatus>))]
public enum JobRecordStatus
{
    /// <summary>Published; no worker has started it yet.</summary>
    Queued,

    /// <summary>A worker started it (and may have reported progress).</summary>
    Running,

    /// <summary>It succeeded.</summary>
    Succeeded,

    /// <summary>It failed.</summary>
    Failed,

    /// <summary>It was cancelled.</summary>
    Cancelled,

    /// <summary>Its deadline passed before it ran.</summary>
    Expired,
}
