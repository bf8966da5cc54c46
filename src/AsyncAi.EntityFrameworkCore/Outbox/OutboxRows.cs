using Microsoft.EntityFrameworkCore;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// The dispatcher's statements on the outbox table, each one round trip that works the same on every relational
/// provider: claim by a conditional update, delete what was sent, push back what failed.
/// </summary>
internal static class OutboxRows
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> free rows, oldest first, for <paramref name="token"/>, and reads them back.
    /// </summary>
    /// <remarks>
    /// The free-row condition is on the outer <c>UPDATE</c> as well as in its sub-select: when two dispatchers pick
    /// the same rows, the second update waits for the first (PostgreSQL re-checks the condition on the row the first
    /// wrote, SQLite runs writers one at a time) and then finds them taken, so each row has one holder at a time
    /// without <c>FOR UPDATE</c> syntax that only some providers have.
    /// </remarks>
    public static async Task<List<OutboxMessage>> ClaimAsync(DbContext db, string token, long nowMicros, long lockedUntilMicros, int limit, CancellationToken cancellationToken)
    {
        var table = db.Set<OutboxMessage>();
        var oldestFree = table.Where(m => m.LockedUntilMicros <= nowMicros).OrderBy(m => m.Id).Take(limit).Select(m => m.Id);
        var claimed = await table
            .Where(m => oldestFree.Contains(m.Id) && m.LockedUntilMicros <= nowMicros)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LockedUntilMicros, lockedUntilMicros).SetProperty(m => m.ClaimToken, token).SetProperty(m => m.Claims, m => m.Claims + 1), cancellationToken)
            .ConfigureAwait(false);
        return claimed == 0
            ? []
            : await table.AsNoTracking().Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes rows that were sent, as long as this claim still holds them.</summary>
    public static Task<int> DeleteAsync(DbContext db, string token, IReadOnlyCollection<long> ids) =>
        db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.ClaimToken == token).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>Records a failed send: one more attempt, why, and when the row is free again (or <see cref="OutboxMessage.Parked"/>).</summary>
    public static Task<int> FailAsync(DbContext db, string token, long id, string error, long retryAtMicros)
    {
        var reason = error.Length > OutboxMessage.MaxErrorLength ? error[..OutboxMessage.MaxErrorLength] : error;
        return db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.ClaimToken == token)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, reason)
                    .SetProperty(m => m.LockedUntilMicros, retryAtMicros)
                    .SetProperty(m => m.ClaimToken, (string?)null),
                CancellationToken.None);
    }

    /// <summary>Removes the store's row of a job that was never sent because its idempotency key belonged to another.</summary>
    public static Task<int> ForgetUnsentJobAsync(DbContext db, string owner, string jobId) =>
        db.Set<JobRow>().Where(r => r.Owner == owner && r.JobId == jobId && r.Status == JobRecordStatus.Queued).ExecuteDeleteAsync(CancellationToken.None);
}
