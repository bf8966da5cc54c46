namespace AsyncAi.Dashboard;

/// <summary>
/// Tells every open stream that something it shows has changed (a new sample, an operation's progress), so that
/// streams wait on memory and never call SQS themselves: the number of viewers never changes the number of AWS calls.
/// </summary>
internal sealed class DashboardChanges
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Grows by one with every change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Wakes every waiter.</summary>
    public void Notify()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes when the version moves past <paramref name="seen"/>, or when <paramref name="timeout"/> has passed.</summary>
    /// <returns><see langword="true"/> on a change, <see langword="false"/> on the timeout.</returns>
    public async Task<bool> WaitAsync(long seen, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        // Read the signal before the version: a Notify in between completes the signal already read.
        var next = Volatile.Read(ref _next);
        if (Version != seen)
        {
            return true;
        }

        try
        {
            await next.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
