namespace AsyncAi;

/// <summary>
/// One job as a job store lists it: the read model folded from its publication and its events
/// (<see cref="JobRecords"/>), so that "which of this user's jobs failed today?" is one query.
/// </summary>
public sealed record JobRecord
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job's owner or tenant, <see langword="null"/> for a job without one.</summary>
    public string? Owner { get; init; }

    /// <summary>The job type; empty while no event has named it.</summary>
    public required string JobType { get; init; }

    /// <summary>Where the job stands.</summary>
    public required JobRecordStatus Status { get; init; }

    /// <summary>How many attempts a worker started, counting the last; 0 before the first.</summary>
    public int Attempts { get; init; }

    /// <summary>When it was published (or, for a job this backend did not publish, when it was first heard of).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a worker started its last attempt, once one did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended, once it did.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Time from publication to the start of the last attempt.</summary>
    public TimeSpan? QueueTime => StartedAt - CreatedAt;

    /// <summary>Time the last attempt ran.</summary>
    public TimeSpan? RunTime => FinishedAt - StartedAt;

    /// <summary>The worker that ran the last attempt.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Why it did not succeed (a stable code and a safe message); <see langword="null"/> otherwise.</summary>
    public JobError? Error { get; init; }

    /// <summary>What it wrote, once it succeeded.</summary>
    public IReadOnlyList<JobOutput> Outputs { get; init; } = [];

    /// <summary>The request's idempotency key, when the store heard of the publication.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The request's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The latest event that moved the job (the one <see cref="IJobStatusStore.GetAsync(JobId, string?, CancellationToken)"/> answers with).</summary>
    public required JobEvent LastEvent { get; init; }
}
