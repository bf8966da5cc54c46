namespace AsyncAi.Worker.Pipeline;

/// <summary>The reasons a transport may stop a running attempt, as tokens the runner links into the handler's token.</summary>
internal interface IJobAttemptSignals
{
    /// <summary>Fires when the producer cancelled the job.</summary>
    CancellationToken CancelRequested { get; }

    /// <summary>Fires when the attempt ran past the worker's maximum run time (a retryable failure).</summary>
    CancellationToken RunTimeExceeded { get; }
}
