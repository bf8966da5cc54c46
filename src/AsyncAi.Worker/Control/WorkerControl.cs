using AsyncAi.Aws.Sqs;
using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Control;

/// <summary>The pause gate the receive loops wait on, and the worker's liveness facts for health checks.</summary>
/// <param name="countInFlight">
/// Counts the jobs the worker holds. A function, so that this folder does not depend on the SQS transport that uses
/// it (the registration passes the in-flight registry's count).
/// </param>
/// <param name="logger">Logs pauses and resumes.</param>
internal sealed class WorkerControl(Func<int> countInFlight, ILogger<WorkerControl> logger) : IAsyncAiWorkerControl
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _resumed;

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

    public int InFlightJobs => countInFlight();

    public bool IsRunning { get; set; }

    public Func<int> FreeSlots { get; set; } = () => 0;

    /// <summary>The receive loops' liveness, written by the loops.</summary>
    public ReceiveStatus Receiving { get; } = new();

    public int RunningLoops => Receiving.RunningLoops;

    public DateTimeOffset? LastReceiveAt => Receiving.LastReceiveAt;

    public int ConsecutiveReceiveErrors => Receiving.ConsecutiveErrors;

    public string? LastError => Receiving.LastError;

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
}
