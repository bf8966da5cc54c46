namespace AsyncAi;

/// <summary>
/// A job status store that can be asked questions: every job the backend published or heard of, as a
/// <see cref="JobRecord"/> folded from its events (<see cref="JobRecords"/>), listed by owner, state, type and
/// time with keyset paging, and counted. The client's default in-memory store is one (bounded, for one instance);
/// AsyncAi.EntityFrameworkCore keeps it in the application's own database.
/// </summary>
public interface IJobStore : IJobStatusStore
{
    /// <summary>Records how a job was published: its idempotency key and metadata, which no event carries.</summary>
    /// <param name="publication">The publication.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask RecordPublishedAsync(JobPublication publication, CancellationToken cancellationToken = default);

    /// <summary>A job's record, or <see langword="null"/> when the store knows nothing of it.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner or tenant, or <see langword="null"/> for a job without one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<JobRecord?> FindAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default);

    /// <summary>One page of the jobs that match, newest first.</summary>
    /// <param name="query">The question.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentOutOfRangeException">The query is out of range (<see cref="JobQuery.Validate"/>).</exception>
    ValueTask<JobPage> QueryAsync(JobQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many jobs of each type stand in each state, created within a window.</summary>
    /// <param name="query">The window and owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One row per type and state that has jobs, by type then state.</returns>
    ValueTask<IReadOnlyList<JobCount>> CountAsync(JobCountQuery query, CancellationToken cancellationToken = default);
}
