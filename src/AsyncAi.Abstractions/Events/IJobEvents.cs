namespace AsyncAi;

/// <summary>Follows jobs from the producer side: wait for one, or stream events (for example to server-sent events).</summary>
public interface IJobEvents
{
    /// <summary>Waits until a job ends and returns its completion; returns at once when it has already ended.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting; pass a token with a timeout to bound the wait.</param>
    Task<JobCompletion> WaitForCompletionAsync(JobId jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The events of one job: first its latest known state, then each new event; the stream ends after the
    /// terminal event.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<JobEvent> WatchAsync(JobId jobId, CancellationToken cancellationToken = default);

    /// <summary>The events of every job this instance hears about, from now on, until cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<JobEvent> WatchAllAsync(CancellationToken cancellationToken = default);
}
