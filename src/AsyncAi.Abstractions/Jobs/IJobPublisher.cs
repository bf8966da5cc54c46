namespace AsyncAi;

/// <summary>Sends jobs to the workers, and cancels them.</summary>
public interface IJobPublisher
{
    /// <summary>Publishes one job.</summary>
    /// <param name="request">The job.</param>
    /// <param name="cancellationToken">Cancels the call (not the job).</param>
    Task<PublishedJob> PublishAsync(JobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Publishes many jobs in as few queue calls as the queue's limits allow.</summary>
    /// <param name="requests">The jobs.</param>
    /// <param name="cancellationToken">Cancels the call (not the jobs).</param>
    /// <returns>One entry per request, in the same order.</returns>
    Task<IReadOnlyList<PublishedJob>> PublishManyAsync(IEnumerable<JobRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks for a job to be cancelled. A worker that has not started it ends it as cancelled without running it;
    /// a worker running it cancels the handler's token. Cancelling a finished job does nothing.
    /// </summary>
    /// <remarks>
    /// The request is a marker object in the job's prefix (<see cref="JobStorageLayout.CancelObject"/>), not a
    /// message: whichever worker holds the job checks for it before it starts and periodically while it runs, so the
    /// request reaches it without knowing which worker that is. The job then ends with a
    /// <see cref="JobEventType.Cancelled"/> event.
    /// </remarks>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, when it was published with one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task CancelAsync(JobId jobId, string? owner = null, CancellationToken cancellationToken = default);
}
