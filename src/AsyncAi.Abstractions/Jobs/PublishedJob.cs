namespace AsyncAi;

/// <summary>A job the publisher accepted.</summary>
public sealed record PublishedJob
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job's owner or tenant, as the request gave it; pass it with the id to follow or cancel the job.</summary>
    public string? Owner { get; init; }

    /// <summary>The job type.</summary>
    public required string JobType { get; init; }

    /// <summary>The bucket and prefix (ending in '/') under which the job's inputs, outputs and records live.</summary>
    public required ObjectReference Prefix { get; init; }

    /// <summary>When the job was published.</summary>
    public required DateTimeOffset QueuedAt { get; init; }

    /// <summary>
    /// <see langword="true"/> when the request's idempotency key had been published before: no new job was sent
    /// and <see cref="JobId"/> is the first job's.
    /// </summary>
    public bool IsDuplicate { get; init; }
}
