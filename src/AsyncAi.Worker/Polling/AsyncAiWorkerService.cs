using System.Collections.Concurrent;
using Amazon.SQS.Model;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Processing;
using AsyncAi.Worker.Visibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Polling;

/// <summary>
/// The worker's hosted service: receive loops that take only as many messages as there are free slots, one job
/// task per message, the visibility heartbeat, and an orderly shutdown (see docs/design/shutdown.md).
/// </summary>
internal sealed class AsyncAiWorkerService(
    IServiceProvider services,
    WorkerControl control,
    ILogger<AsyncAiWorkerService> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan MaxErrorDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long cancelled jobs get to stop and release their own messages before the worker abandons them. Without a
    /// bound, a handler that ignores its token would hang StopAsync forever when no host token limits it (DisposeAsync).
    /// </summary>
    internal static readonly TimeSpan AbandonTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _receiving = new();
    private readonly CancellationTokenSource _jobs = new();
    private readonly CancellationTokenSource _heartbeatStop = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private WorkerComponents? _components;
    private JobProcessor? _processor;
    private ConcurrencySlots? _slots;
    private Task[] _loops = [];
    private Task _heartbeat = Task.CompletedTask;
    private long _nextJob;
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Built here, not in the constructor, so that options validation at start reports first.
        _components = services.GetRequiredService<WorkerComponents>();
        var options = _components.Options;
        _processor = new JobProcessor(_components, services.GetRequiredService<IServiceScopeFactory>(), logger);
        _slots = new ConcurrencySlots(options.Concurrency);
        control.FreeSlots = () => _slots.Free;
        _components.Start();

        var policy = new VisibilityRenewalPolicy(_components.TimeProvider, options.VisibilityTimeout, options.MaxJobRunTime);
        var heartbeat = new VisibilityHeartbeat(_components.Sqs, options.RequestQueueUrl!, _components.InFlight, policy, _components.Store, options.CancelCheckInterval, _components.TimeProvider, logger);
        _heartbeat = Task.Run(() => heartbeat.RunAsync(_heartbeatStop.Token), CancellationToken.None);

        // One receive call returns at most 10 messages; enough loops keep every slot fed while others long-poll.
        var loopCount = (options.Concurrency + 9) / 10;
        _loops = Enumerable.Range(0, loopCount).Select(_ => Task.Run(() => ReceiveLoopAsync(_receiving.Token), CancellationToken.None)).ToArray();
        control.IsRunning = true;
        WorkerLog.WorkerStarted(logger, loopCount, options.Concurrency, options.RequestQueueUrl);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_components is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        var options = _components.Options;
        WorkerLog.WorkerStopping(logger, _running.Count, options.ShutdownGracePeriod);

        // 1. Take no new work.
        await _receiving.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);

        // 2. Let running jobs finish within the grace period (the heartbeat keeps them invisible meanwhile).
        var all = Task.WhenAll(_running.Values);
        var cancelled = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        await Task.WhenAny(all, Task.Delay(options.ShutdownGracePeriod, _components.TimeProvider, CancellationToken.None), cancelled).ConfigureAwait(false);

        // 3. Cancel the rest; each releases its message (visibility 0) so another worker takes it at once.
        if (!all.IsCompleted)
        {
            WorkerLog.CancellingUnfinished(logger, _components.InFlight.Count);
            await _jobs.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(AbandonTimeout, _components.TimeProvider, CancellationToken.None), cancelled).ConfigureAwait(false);
            if (!all.IsCompleted)
            {
                // Handlers that ignore their token: abandon them and release their messages rather than hold them
                // (and this call) until the visibility timeout runs out.
                await AbandonRemainingAsync().ConfigureAwait(false);
            }
        }

        // 4. Stop the heartbeat and flush the batched deletes and events.
        await _heartbeatStop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        control.IsRunning = false;
        await _components.DisposeAsync().ConfigureAwait(false);
        WorkerLog.WorkerStopped(logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _stopped) == 0 && _components is not null)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _receiving.Dispose();
        _jobs.Dispose();
        _heartbeatStop.Dispose();
        _slots?.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var components = _components!;
        var options = components.Options;
        control.LoopStarted();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await control.WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
                    var reserved = await _slots!.ReserveAsync(10, cancellationToken).ConfigureAwait(false);
                    List<Message> messages;
                    try
                    {
                        var response = await components.Sqs.ReceiveMessageAsync(
                            new ReceiveMessageRequest
                            {
                                QueueUrl = options.RequestQueueUrl!.ToString(),
                                MaxNumberOfMessages = reserved,
                                WaitTimeSeconds = (int)options.ReceiveWaitTime.TotalSeconds,
                                VisibilityTimeout = VisibilityRenewalPolicy.ToSqsSeconds(options.VisibilityTimeout),
                                MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
                                MessageAttributeNames = ["All"],
                            },
                            cancellationToken).ConfigureAwait(false);
                        messages = response.Messages ?? [];
                    }
                    catch
                    {
                        _slots.Release(reserved);
                        throw;
                    }

                    var receivedAt = components.TimeProvider.GetUtcNow();
                    control.ReceiveSucceeded(receivedAt);
                    _slots.Release(reserved - messages.Count);
                    foreach (var message in messages)
                    {
                        StartJob(message, receivedAt);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The poller never dies: log, back off, try again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    var errors = control.ReceiveFailed(ex);
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxErrorDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(errors - 1, 10))));
                    WorkerLog.ReceiveFailed(logger, ex, errors, delay);
                    try
                    {
                        await Task.Delay(delay, components.TimeProvider, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            control.LoopStopped();
        }
    }

    private void StartJob(Message message, DateTimeOffset receivedAt)
    {
        var id = Interlocked.Increment(ref _nextJob);

        // Registered before it starts, so its own removal always comes after the add: a job that ends at once
        // cannot leave its finished task in _running.
        var start = new Task<Task>(() => RunJobAsync(id, message, receivedAt), TaskCreationOptions.DenyChildAttach);
        _running[id] = start.Unwrap();
        start.Start(TaskScheduler.Default);
    }

    private async Task RunJobAsync(long id, Message message, DateTimeOffset receivedAt)
    {
        try
        {
            await _processor!.ProcessAsync(message, receivedAt, _jobs.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A crash of one job must not take the worker down; its message comes back.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ProcessingCrashed(logger, ex, message.MessageId);
        }
        finally
        {
            _running.TryRemove(id, out _);
            _slots!.Release(1);
        }
    }

    private async Task AbandonRemainingAsync()
    {
        var remaining = _components!.InFlight.Snapshot();
        foreach (var job in remaining)
        {
            // Out of the registry first, so the heartbeat (still running) stops extending a message being given up.
            _components.InFlight.Remove(job);
            WorkerLog.JobAbandoned(logger, job.JobId, AbandonTimeout);
            try
            {
                await _components.Messages.SetVisibilityAsync(job.Message, TimeSpan.Zero).ConfigureAwait(false);
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
