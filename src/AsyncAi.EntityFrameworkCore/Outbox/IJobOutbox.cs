namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// Publishes jobs in the application's own database transaction: the job is stored in the outbox table through the
/// scope's <c>DbContext</c> and sent only once that context's changes commit; a rolled-back transaction sends
/// nothing. Resolve it from the same scope as the context (a request's scope), add the business rows, call
/// <see cref="PublishAsync"/>, then <c>SaveChangesAsync</c> (and commit, when a transaction is open).
/// </summary>
/// <remarks>
/// The job's row in the job store (status <see cref="JobRecordStatus.Queued"/>) is written in the same
/// transaction, so "my jobs" shows it from the commit on. A hosted dispatcher sends committed jobs through the
/// registered <see cref="IJobPublisher"/> within milliseconds of the commit; a crash between send and delete sends a
/// job twice under the same id, which the workers treat as one job.
/// </remarks>
public interface IJobOutbox
{
    /// <summary>
    /// Adds the job to the context's pending changes; nothing is written before the caller saves them.
    /// </summary>
    /// <param name="request">The job. Its id is kept when set, made otherwise.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The job's id; for an idempotency key already used by a job of the same owner in this database, that job's
    /// id, and nothing is added.
    /// </returns>
    /// <exception cref="ArgumentException">The request has an invalid owner, input name or deadline.</exception>
    /// <exception cref="JobOutboxMessageTooLargeException">The request is larger than the outbox stores.</exception>
    ValueTask<JobId> PublishAsync(JobRequest request, CancellationToken cancellationToken = default);
}
