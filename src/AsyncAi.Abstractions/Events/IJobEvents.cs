namespace AsyncAi;

/// <summary>
/// Follows jobs from the producer side: wait for one, or stream events (for example to server-sent events). A job is
/// named by its id and owner together; the overloads without an owner follow the job that has none, never another
/// owner's job with the same id.
/// </summary>
public interface IJobEvents
{
    /// <summary>Waits until a job without owner ends and returns its completion; returns at once when it has already ended.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting; pass a token with a timeout to bound the wait.</param>
    Task<JobCompletion> WaitForCompletionAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(jobId, owner: null, cancellationToken);

    /// <summary>Waits until a job ends and returns its completion; returns at once when it has already ended.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner or tenant (<see cref="JobRequest.Owner"/>), or <see langword="null"/> for a job without one.</param>
    /// <param name="cancellationToken">Stops waiting; pass a token with a timeout to bound the wait.</param>
    Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// The events of one job without owner: first its latest known state, then each new event; the stream ends after
    /// the terminal event.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<JobEvent> WatchAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        WatchAsync(jobId, owner: null, cancellationToken);

    /// <summary>
    /// The events of one job: first its latest known state, then each new event; the stream ends after the terminal
    /// event. Events of another owner's job with the same id never appear.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner or tenant (<see cref="JobRequest.Owner"/>), or <see langword="null"/> for a job without one.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<JobEvent> WatchAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default);

    /// <summary>The events of every job this instance hears about, of every owner, from now on, until cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<JobEvent> WatchAllAsync(CancellationToken cancellationToken = default);
}
