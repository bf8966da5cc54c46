namespace AsyncAi;

/// <summary>
/// What the backend knew of a job when it published it, and no event carries later: its idempotency key and the
/// request's metadata. A job store records it beside the job's events (<see cref="IJobStore.RecordPublishedAsync"/>).
/// </summary>
public sealed record JobPublication
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job's owner or tenant, <see langword="null"/> for a job without one.</summary>
    public string? Owner { get; init; }

    /// <summary>The job type.</summary>
    public required string JobType { get; init; }

    /// <summary>When it was published.</summary>
    public required DateTimeOffset QueuedAt { get; init; }

    /// <summary>The request's idempotency key, if it had one.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The request's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
