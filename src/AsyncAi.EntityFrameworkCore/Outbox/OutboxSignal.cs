using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// Wakes this process's dispatcher the moment a context that holds outbox rows commits, so a job leaves within
/// milliseconds of its commit instead of at the next poll. Contexts are remembered weakly: one that is disposed
/// without saving simply drops out.
/// </summary>
internal sealed class OutboxSignal
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next wake (or at once, when one came since the last <see cref="Reset"/>).</summary>
    public Task Woken => Volatile.Read(ref _wake).Task;

    /// <summary>The context holds outbox rows that are not committed yet.</summary>
    public void MarkPending(DbContext context) => _pending.AddOrUpdate(context, this);

    /// <summary>The context's changes committed: wake the dispatcher if they held outbox rows.</summary>
    public void Committed(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            Wake();
        }
    }

    /// <summary>The context's transaction rolled back: its rows are gone, nothing to send.</summary>
    public void RolledBack(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>
    /// Called by the dispatcher before it reads the table: a wake that comes after this is kept for the next wait,
    /// and one that came before is for rows this read will see.
    /// </summary>
    public void Reset()
    {
        if (Volatile.Read(ref _wake).Task.IsCompleted)
        {
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
