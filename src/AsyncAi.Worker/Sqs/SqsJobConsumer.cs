using System.Collections.Concurrent;
using Amazon.SQS.Model;
using AsyncAi.Aws.Sqs;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Pipeline;
using AsyncAi.Worker.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// The worker's hosted service: the SQS receive loops (taking only as many messages as there are free slots), one
/// task per message through <see cref="SqsJobDelivery"/>, the visibility heartbeat, and an orderly shutdown
/// (see docs/design/shutdown.md).
/// </summary>
internal sealed class SqsJobConsumer(
    WorkerAwsClients aws,
    SqsJobDelivery delivery,
    RequestQueue queue,
    IJobEventSink events,
    VisibilityHeartbeat heartbeat,
    InFlightRegistry inFlight,
    WorkerControl control,
    IOptions<AsyncAiWorkerOptions> options,
    TimeProvider time,
    ILogger<SqsJobConsumer> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>
    /// How long cancelled jobs get to stop and release their own messages before the worker abandons them. Without a
    /// bound, a handler that ignores its token would hang StopAsync forever when no host token limits it.
    /// </summary>
    internal static readonly TimeSpan AbandonTimeout = TimeSpan.FromSeconds(5);

    private readonly AsyncAiWorkerOptions _options = options.Value;
    private readonly CancellationTokenSource _receiving = new();
    private readonly CancellationTokenSource _jobs = new();
    private readonly CancellationTokenSource _heartbeatStop = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private ReceiveSlots? _slots;
    private SemaphoreSlim? _runSlots;
    private Task _loops = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private long _nextJob;
    private int _started;
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return Task.CompletedTask;
        }

        // Held messages: the running ones plus the prefetched ones waiting for a run slot.
        _slots = new ReceiveSlots(_options.Concurrency + _options.PrefetchCount);
        _runSlots = _options.PrefetchCount > 0 ? new SemaphoreSlim(_options.Concurrency, _options.Concurrency) : null;
        control.FreeSlots = () => _slots.Free;
        _heartbeat = Task.Run(() => heartbeat.RunAsync(_heartbeatStop.Token), CancellationToken.None);

        // One receive returns at most 10 messages; enough loops keep every slot fed while others long-poll, and each
        // waits for a batch worth a call (its share of the slots), so a busy worker receives full batches. With lanes,
        // at least one loop per lane, each asking for no more than its share, so that an idle worker long-polls every lane.
        var lanes = queue.Plan;
        var loopCount = Math.Max(lanes.Count, (_slots.Capacity + SqsLimits.MaxReceiveMessages - 1) / SqsLimits.MaxReceiveMessages);
        var share = Math.Max(1, _slots.Capacity / loopCount);
        var settings = new SqsReceiveSettings
        {
            QueueUrl = lanes[0].QueueUrl.ToString(),
            Lanes = lanes.Count > 1 ? [.. lanes.Select(l => l.QueueUrl.ToString())] : [],
            LaneWeights = [.. lanes.Select(l => l.Weight)],
            LoopCount = loopCount,
            WaitTime = _options.ReceiveWaitTime,
            VisibilityTimeout = _options.VisibilityTimeout,
            MinBatch = share,
            MaxBatch = lanes.Count > 1 ? Math.Min(SqsLimits.MaxReceiveMessages, share) : SqsLimits.MaxReceiveMessages,
            MaxErrorDelay = _options.ReceiveErrorMaxDelay,
            SystemAttributes = ["ApproximateReceiveCount", "SentTimestamp", "MessageGroupId"],
        };
        var loop = new SqsReceiveLoop(aws.Sqs, settings, _slots, control.Receiving, StartJob, time, logger, control.WaitWhilePausedAsync);
        _loops = loop.RunAsync(_receiving.Token);
        control.IsRunning = true;
        WorkerLog.WorkerStarted(logger, loopCount, _options.Concurrency, _options.RequestQueueUrl);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) == 0 || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        WorkerLog.WorkerStopping(logger, _running.Count, _options.ShutdownGracePeriod);

        // 1. Take no new work.
        await _receiving.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);

        // 2. Let running jobs finish within the grace period (the heartbeat keeps them invisible meanwhile).
        var all = Task.WhenAll(_running.Values);
        var cancelled = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        await Task.WhenAny(all, Task.Delay(_options.ShutdownGracePeriod, time, CancellationToken.None), cancelled).ConfigureAwait(false);

        // 3. Cancel the rest; each releases its message (visibility 0) so another worker takes it at once.
        if (!all.IsCompleted)
        {
            WorkerLog.CancellingUnfinished(logger, inFlight.Count);
            await _jobs.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(AbandonTimeout, time, CancellationToken.None), cancelled).ConfigureAwait(false);
            if (!all.IsCompleted)
            {
                await AbandonRemainingAsync().ConfigureAwait(false);
            }
        }

        // 4. Stop the heartbeat and send what the batchers still hold (deletes, events).
        await _heartbeatStop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        if (events is IAsyncDisposable flushing)
        {
            await flushing.DisposeAsync().ConfigureAwait(false);
        }

        await queue.DisposeAsync().ConfigureAwait(false);
        control.IsRunning = false;
        WorkerLog.WorkerStopped(logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _stopped) == 0)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _receiving.Dispose();
        _jobs.Dispose();
        _heartbeatStop.Dispose();
        _runSlots?.Dispose();
    }

    private void StartJob(Message message, DateTimeOffset receivedAt, int lane)
    {
        var id = Interlocked.Increment(ref _nextJob);

        // The one lease on this message: every act on it, and its place among the held ones, go through the lease.
        var lease = new MessageLease(message, receivedAt, receivedAt + _options.VisibilityTimeout, queue.Lanes[lane], inFlight);

        // Registered before it starts, so its own removal always comes after the add.
        var start = new Task<Task>(() => RunJobAsync(id, lease), TaskCreationOptions.DenyChildAttach);
        _running[id] = start.Unwrap();
        start.Start(TaskScheduler.Default);
    }

    private async Task RunJobAsync(long id, MessageLease lease)
    {
        var hasRunSlot = false;
        try
        {
            await delivery.ProcessAsync(
                lease,
                async token =>
                {
                    if (_runSlots is not null)
                    {
                        await _runSlots.WaitAsync(token).ConfigureAwait(false);
                        hasRunSlot = true;
                    }
                },
                _jobs.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A crash of one job must not take the worker down; its message comes back.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ProcessingCrashed(logger, ex, lease.Message.MessageId);
            if (!_jobs.IsCancellationRequested)
            {
                await delivery.SetAsideAfterCrashAsync(lease, ex).ConfigureAwait(false);
            }
        }
        finally
        {
            _running.TryRemove(id, out _);
            if (hasRunSlot)
            {
                _runSlots!.Release();
            }

            _slots!.Release(1);
        }
    }

    private async Task AbandonRemainingAsync()
    {
        foreach (var job in inFlight.Snapshot())
        {
            // The lease ends its hold first, so the heartbeat (still running) stops extending a message being given up.
            WorkerLog.JobAbandoned(logger, job.JobId, AbandonTimeout);
            try
            {
                await job.Lease.ReleaseAsync(TimeSpan.Zero).ConfigureAwait(false);
                WorkerLog.JobReleased(logger, job.JobId);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                WorkerLog.ReleaseFailed(logger, ex, job.JobId);
            }
        }
    }
}
