namespace AsyncAi.Worker.Processing;

/// <summary>How one attempt ended, before the worker acts on it.</summary>
internal enum JobOutcomeKind
{
    /// <summary>Terminal: write the completion record, report it, delete the message.</summary>
    Completed,

    /// <summary>A retryable error: hide the message for the backoff delay and let SQS deliver it again.</summary>
    Retry,

    /// <summary>Stopped by shutdown: make the message visible again at once for another worker.</summary>
    Released,
}

/// <summary>The outcome of one attempt.</summary>
internal sealed record JobOutcome(JobOutcomeKind Kind, JobStatus Status, JobError? Error, Exception? Exception)
{
    public static JobOutcome Succeeded { get; } = new(JobOutcomeKind.Completed, JobStatus.Succeeded, null, null);

    public static JobOutcome Terminal(JobStatus status, string code, string message, Exception? exception = null) =>
        new(JobOutcomeKind.Completed, status, new JobError(code, message), exception);

    public static JobOutcome Retry(Exception exception) => new(JobOutcomeKind.Retry, JobStatus.Failed, null, exception);

    public static JobOutcome Released(Exception? exception) => new(JobOutcomeKind.Released, JobStatus.Failed, null, exception);
}
