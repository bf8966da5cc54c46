namespace AsyncAi;

/// <summary>
/// Keeps the latest state of each job. The producer's listener writes every event it receives here; waiters and
/// watchers read it. The default is in memory and bounded; a shared store lets several backend instances see
/// each other's events. A job is keyed by its id and owner together (<see cref="JobEvent.Owner"/>): two owners'
/// jobs with the same id are two entries, and neither may ever answer for the other.
/// </summary>
public interface IJobStatusStore
{
    /// <summary>
    /// Records an event unless the store already holds a terminal event for the job (terminal states are final). The
    /// job is the event's id and owner.
    /// </summary>
    /// <param name="jobEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the record changed.</returns>
    ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default);

    /// <summary>The latest known state of a job without owner, or <see langword="null"/> when the store knows nothing of it.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<JobStatusRecord?> GetAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        GetAsync(jobId, owner: null, cancellationToken);

    /// <summary>The latest known state of a job, or <see langword="null"/> when the store knows nothing of it.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner or tenant, or <see langword="null"/> for a job without one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default);
}
