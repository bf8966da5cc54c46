namespace AsyncAi;

/// <summary>When a job moved through its stages.</summary>
/// <remarks>
/// On the wire (docs/wire-format.md) the durations are numbers of milliseconds, <c>queueTimeMs</c> and
/// <c>runTimeMs</c>, beside the three RFC 3339 instants; they are derived from the instants when read.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(WireFormat.Converters.JobTimingsJsonConverter))]
public sealed record JobTimings
{
    /// <summary>When the job was published.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>When the last attempt began.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the job ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The time spent waiting in the queue before the last attempt began.</summary>
    public TimeSpan? QueueTime => StartedAt - QueuedAt;

    /// <summary>The time the last attempt ran.</summary>
    public TimeSpan? RunTime => FinishedAt - StartedAt;
}
