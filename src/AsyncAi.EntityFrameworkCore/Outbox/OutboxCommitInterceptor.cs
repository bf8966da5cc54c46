using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// Tells the <see cref="OutboxSignal"/> when a context's changes are durable: at the end of a <c>SaveChanges</c>
/// outside any transaction (EF Core wraps it in its own), or when the application's transaction commits. A save
/// inside an open transaction is not yet a commit, so it does not count.
/// </summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CommittedUnlessInTransaction(eventData);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CommittedUnlessInTransaction(eventData);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => signal.RolledBack(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    private void CommittedUnlessInTransaction(SaveChangesCompletedEventData eventData)
    {
        // An ambient System.Transactions scope is not seen here: its rows go at the next poll.
        if (eventData.Context is { Database.CurrentTransaction: null } context)
        {
            signal.Committed(context);
        }
    }
}
