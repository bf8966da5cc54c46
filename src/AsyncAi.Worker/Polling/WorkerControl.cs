using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Processing;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Polling;

/// <summary>The pause gate the receive loops wait on, and the worker's liveness facts for health checks.</summary>
internal sealed class WorkerControl(InFlightRegistry inFlight, ILogger<WorkerControl> logger) : IAsyncAiWorkerControl
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _resumed;
    private long _lastReceiveTicks;
    private int _consecutiveErrors;
    private int _runningLoops;

    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _resumed is not null;
            }
        }
    }

    public int InFlightJobs => inFlight.Count;

    public bool IsRunning { get; set; }

    public Func<int> FreeSlots { get; set; } = () => 0;

    public int RunningLoops => Volatile.Read(ref _runningLoops);

    public DateTimeOffset? LastReceiveAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastReceiveTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public int ConsecutiveReceiveErrors => Volatile.Read(ref _consecutiveErrors);

    public string? LastError { get; private set; }

    public void PauseReceiving()
    {
        lock (_lock)
        {
            _resumed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        WorkerLog.Paused(logger);
    }

    public void ResumeReceiving()
    {
        TaskCompletionSource? resumed;
        lock (_lock)
        {
            resumed = _resumed;
            _resumed = null;
        }

        resumed?.TrySetResult();
        WorkerLog.Resumed(logger);
    }

    public Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _resumed is null ? Task.CompletedTask : _resumed.Task.WaitAsync(cancellationToken);
        }
    }

    public void ReceiveSucceeded(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastReceiveTicks, at.UtcTicks);
        Interlocked.Exchange(ref _consecutiveErrors, 0);
    }

    public int ReceiveFailed(Exception exception)
    {
        LastError = $"{exception.GetType().Name}: {exception.Message}";
        return Interlocked.Increment(ref _consecutiveErrors);
    }

    public void LoopStarted() => Interlocked.Increment(ref _runningLoops);

    public void LoopStopped() => Interlocked.Decrement(ref _runningLoops);
}
