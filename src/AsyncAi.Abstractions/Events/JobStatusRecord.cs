namespace AsyncAi;

/// <summary>The latest known state of a job, as a job status store keeps it.</summary>
public sealed record JobStatusRecord
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job's owner or tenant, <see langword="null"/> for a job without one.</summary>
    public string? Owner { get; init; }

    /// <summary>The latest event.</summary>
    public required JobEvent LastEvent { get; init; }

    /// <summary>The completion, once the job has ended.</summary>
    public JobCompletion? Completion => LastEvent.Completion;
}
