namespace AsyncAi;

/// <summary>One thing that happened to a job, as the producer side sees it (and as a server-sent event carries it).</summary>
public sealed record JobEvent
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>
    /// The job's owner or tenant, <see langword="null"/> for a job without one. A job is known by its id and owner
    /// together: two owners' jobs may share an id, and each owner sees only the events of its own.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>What happened.</summary>
    public required JobEventType Type { get; init; }

    /// <summary>When it happened, by the clock of the side that saw it.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The job type.</summary>
    public string? JobType { get; init; }

    /// <summary>The progress fraction between 0 and 1, for <see cref="JobEventType.Progress"/> events.</summary>
    public double? Progress { get; init; }

    /// <summary>A short human-readable note (a progress stage, a failure reason).</summary>
    public string? Message { get; init; }

    /// <summary>The attempt that sent the event, starting at 1.</summary>
    public int? Attempt { get; init; }

    /// <summary>The worker that sent the event.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The result, on terminal events.</summary>
    public JobCompletion? Completion { get; init; }

    /// <summary>Whether this event ends the job.</summary>
    public bool IsTerminal => Type.IsTerminal();
}
