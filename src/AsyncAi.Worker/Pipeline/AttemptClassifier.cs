namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// Why a handler stopped, decided in one place for every transport: the worker's own reasons first (a cancel
/// request, the deadline, the maximum run time, shutdown), then what the handler threw. The messages here reach
/// browsers, so they never carry an exception's own text (which may hold paths, hosts or secrets); that stays in
/// logs and traces. A <see cref="NonRetryableJobException"/>'s message is the handler's deliberate, client-safe text.
/// </summary>
internal static class AttemptClassifier
{
    /// <summary>Classifies a failed attempt.</summary>
    /// <param name="exception">What the handler threw.</param>
    /// <param name="signals">The attempt's stop reasons.</param>
    /// <param name="deadlinePassed">Whether the job's deadline fired.</param>
    /// <param name="stopping">Whether the worker is shutting down.</param>
    /// <param name="attempt">The attempt number, from 1.</param>
    /// <param name="maxAttempts">How many attempts a job gets.</param>
    public static AttemptVerdict Classify(Exception exception, IJobAttemptSignals signals, bool deadlinePassed, bool stopping, int attempt, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.CancelRequested.IsCancellationRequested)
        {
            return AttemptVerdict.Terminal(JobStatus.Cancelled, JobErrorCodes.Cancelled, "The job was cancelled while it ran.");
        }

        if (deadlinePassed)
        {
            return AttemptVerdict.Terminal(JobStatus.Expired, JobErrorCodes.DeadlineExceeded, "The job's deadline passed while it ran.");
        }

        if (!signals.RunTimeExceeded.IsCancellationRequested && stopping)
        {
            return AttemptVerdict.Release;
        }

        if (exception is NonRetryableJobException nonRetryable)
        {
            return AttemptVerdict.Terminal(JobStatus.Failed, nonRetryable.Code, nonRetryable.Message);
        }

        return attempt >= maxAttempts
            ? AttemptVerdict.Terminal(JobStatus.Failed, JobErrorCodes.HandlerFailed, $"The job failed on all {attempt} attempts.")
            : AttemptVerdict.Retry;
    }
}
