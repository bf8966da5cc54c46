namespace AsyncAi.Aws.Sqs;

/// <summary>The liveness facts of a consumer's receive loops, read by health checks and metrics.</summary>
internal sealed class ReceiveStatus
{
    private long _lastReceiveTicks;
    private int _consecutiveErrors;
    private int _runningLoops;
    private string? _lastError;

    /// <summary>When a receive call last succeeded, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastReceiveAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastReceiveTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Receive calls that failed since the last one that succeeded, over all loops.</summary>
    public int ConsecutiveErrors => Volatile.Read(ref _consecutiveErrors);

    /// <summary>The last receive error, as type and message.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>How many receive loops are running.</summary>
    public int RunningLoops => Volatile.Read(ref _runningLoops);

    internal void Succeeded(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastReceiveTicks, at.UtcTicks);
        Interlocked.Exchange(ref _consecutiveErrors, 0);
    }

    internal void Failed(Exception exception)
    {
        Volatile.Write(ref _lastError, $"{exception.GetType().Name}: {exception.Message}");
        Interlocked.Increment(ref _consecutiveErrors);
    }

    internal void LoopStarted() => Interlocked.Increment(ref _runningLoops);

    internal void LoopStopped() => Interlocked.Decrement(ref _runningLoops);
}
