namespace AsyncAi.Worker.Pipeline;

/// <summary>What the classifier decided about an attempt that did not succeed.</summary>
/// <param name="Kind">Terminal, retry or release.</param>
/// <param name="Status">The terminal status, for <see cref="JobOutcomeKind.Completed"/>.</param>
/// <param name="Error">The client-facing error, for <see cref="JobOutcomeKind.Completed"/>.</param>
internal readonly record struct AttemptVerdict(JobOutcomeKind Kind, JobStatus Status = JobStatus.Failed, JobError? Error = null)
{
    public static AttemptVerdict Terminal(JobStatus status, string code, string message) => new(JobOutcomeKind.Completed, status, new JobError(code, message));

    public static AttemptVerdict Retry => new(JobOutcomeKind.Retry);

    public static AttemptVerdict Release => new(JobOutcomeKind.Released);
}
