namespace AsyncAi.Worker.Pipeline;

/// <summary>How one attempt ended, before the transport settles it.</summary>
internal enum JobOutcomeKind
{
    /// <summary>Terminal: record the completion, report it, remove the job from the queue.</summary>
    Completed,

    /// <summary>A retryable error: run the job again later.</summary>
    Retry,

    /// <summary>Stopped by shutdown: give the job back at once for another worker.</summary>
    Released,

    /// <summary>The job can never run here (no handler for its type): set it aside with the reason, never complete it.</summary>
    Rejected,
}

/// <summary>The outcome of one attempt.</summary>
/// <param name="Kind">What the transport is to do.</param>
/// <param name="Completion">The completion, for <see cref="JobOutcomeKind.Completed"/>.</param>
/// <param name="Exception">What the handler threw, for logs and traces; never sent to clients.</param>
/// <param name="Reason">Why, for <see cref="JobOutcomeKind.Rejected"/>.</param>
internal sealed record JobOutcome(JobOutcomeKind Kind, JobCompletion? Completion, Exception? Exception, string? Reason = null)
{
    public static JobOutcome Completed(JobCompletion completion, Exception? exception = null) => new(JobOutcomeKind.Completed, completion, exception);

    public static JobOutcome Retry(Exception exception) => new(JobOutcomeKind.Retry, null, exception);

    public static JobOutcome Released(Exception? exception) => new(JobOutcomeKind.Released, null, exception);

    public static JobOutcome Rejected(string reason) => new(JobOutcomeKind.Rejected, null, null, reason);
}
