using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// The job store in a database through EF Core: each call takes a <typeparamref name="TContext"/> from a new scope
/// (the application's own context, registered as it always is), folds the event into the job's row by the shared
/// rule (<see cref="JobRecords"/>) and writes it with an optimistic check (<see cref="JobRow.Version"/>), so several
/// backend instances that hear the same job's events never overwrite one another: the loser reads again and folds
/// again. Queries are keyset pages over the table's indexes.
/// </summary>
/// <typeparam name="TContext">The context whose model includes the table (<see cref="AsyncAiModelBuilderExtensions.AddAsyncAiJobs"/>).</typeparam>
internal sealed class EfJobStore<TContext>(IServiceScopeFactory scopes) : IJobStore
    where TContext : DbContext
{
    // Each retry means another instance wrote this job in between; a handful is already far beyond what
    // one job's few events can cause.
    private const int MaxWriteAttempts = 8;

    public ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        return WriteAsync(jobEvent.JobId, jobEvent.Owner, current => JobRecords.Apply(current, jobEvent), cancellationToken);
    }

    public async ValueTask RecordPublishedAsync(JobPublication publication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publication);
        await WriteAsync(publication.JobId, publication.Owner, current => JobRecords.Publish(current, publication), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default) =>
        await FindAsync(jobId, owner, cancellationToken).ConfigureAwait(false) is { } record
            ? new JobStatusRecord { JobId = jobId, Owner = owner, LastEvent = record.LastEvent }
            : null;

    public async ValueTask<JobRecord?> FindAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var row = await Find(scope, jobId, owner).AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : JobRowMapping.ToRecord(row);
    }

    public async ValueTask<JobPage> QueryAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        await using var scope = scopes.CreateAsyncScope();
        var rows = await JobRowQueries.Page(Rows(scope), query).ToListAsync(cancellationToken).ConfigureAwait(false);
        return JobPage.From([.. rows.Select(JobRowMapping.ToRecord)], query.Limit);
    }

    public async ValueTask<IReadOnlyList<JobCount>> CountAsync(JobCountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = scopes.CreateAsyncScope();
        var counts = await JobRowQueries.Counts(Rows(scope), query).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. counts.OrderBy(c => c.JobType, StringComparer.Ordinal).ThenBy(c => c.Status)];
    }

    private async ValueTask<bool> WriteAsync(JobId jobId, string? owner, Func<JobRecord?, JobRecord?> fold, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var row = await Find(scope, jobId, owner).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (fold(row is null ? null : JobRowMapping.ToRecord(row)) is not { } next)
            {
                return false;
            }

            if (row is null)
            {
                row = new JobRow();
                db.Set<JobRow>().Add(row);
            }

            JobRowMapping.Write(next, row);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DbUpdateException) when (attempt < MaxWriteAttempts)
            {
                // Another instance updated the row (the version no longer matched) or inserted it first (the key
                // exists): read what it wrote and fold again.
            }
        }
    }

    private static IQueryable<JobRow> Rows(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<TContext>().Set<JobRow>().AsNoTracking();

    private static IQueryable<JobRow> Find(AsyncServiceScope scope, JobId jobId, string? owner)
    {
        var ownerColumn = JobRowMapping.OwnerColumn(owner);
        var id = jobId.Value;
        return scope.ServiceProvider.GetRequiredService<TContext>().Set<JobRow>().Where(r => r.Owner == ownerColumn && r.JobId == id);
    }
}
