using System.Threading.Channels;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Triton-style dynamic batching: one loop takes the first waiting request, then gathers later ones with the same
/// per-item shape until the batch holds <c>maxBatchSize</c> items or <c>maxBatchDelay</c> has passed, and hands the
/// batch to the executor. While all run slots are busy, requests pile up in the channel, so batches grow exactly
/// when the model is the bottleneck and stay small (low latency) when it is idle.
/// See docs/design/dynamic-batching.md.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly Channel<BatchRequest> _channel = Channel.CreateUnbounded<BatchRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IBatchExecutor _executor;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxBatchDelay;
    private readonly int _maxConcurrentRuns;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _runSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    // A request that could not join the batch being gathered: it leads the next batch, so order is kept.
    private BatchRequest? _carried;

    public DynamicBatcher(IBatchExecutor executor, int maxBatchSize, TimeSpan maxBatchDelay, int maxConcurrentRuns, TimeProvider timeProvider)
    {
        _executor = executor;
        _maxBatchSize = maxBatchSize;
        _maxBatchDelay = maxBatchDelay;
        _maxConcurrentRuns = maxConcurrentRuns;
        _timeProvider = timeProvider;
        _runSlots = new SemaphoreSlim(maxConcurrentRuns, maxConcurrentRuns);
        _loop = Task.Run(LoopAsync);
    }

    public Task<OnnxResult> EnqueueAsync(BatchRequest request)
    {
        request.ObserveCancellation();
        if (!_channel.Writer.TryWrite(request))
        {
            request.Fail(new ObjectDisposedException(nameof(DynamicBatcher), "The model is shutting down."));
        }

        return request.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);

        // Wait for batches already running, so the session is not disposed under them.
        for (var i = 0; i < _maxConcurrentRuns; i++)
        {
            await _runSlots.WaitAsync().ConfigureAwait(false);
        }

        var shutdown = new ObjectDisposedException(nameof(DynamicBatcher), "The model is shutting down.");
        _carried?.Fail(shutdown);
        while (_channel.Reader.TryRead(out var request))
        {
            request.Fail(shutdown);
        }

        _runSlots.Dispose();
        _stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                await _runSlots.WaitAsync(stopping).ConfigureAwait(false);
                List<BatchRequest>? batch;
                try
                {
                    batch = await GatherAsync(stopping).ConfigureAwait(false);
                }
                catch
                {
                    _runSlots.Release();
                    throw;
                }

                if (batch is null)
                {
                    _runSlots.Release();
                    return;
                }

                if (_maxConcurrentRuns == 1)
                {
                    // One run at a time: run here and save a thread hop per batch.
                    Run(batch);
                }
                else
                {
                    _ = Task.Run(() => Run(batch), CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Run(List<BatchRequest> batch)
    {
        try
        {
            _executor.Execute(batch);
        }
        catch (Exception ex)
        {
            // The executor answers every request itself; this only guards against a bug leaving callers hanging.
            foreach (var request in batch)
            {
                request.Fail(ex);
            }
        }
        finally
        {
            _runSlots.Release();
        }
    }

    private async ValueTask<List<BatchRequest>?> GatherAsync(CancellationToken stopping)
    {
        var reader = _channel.Reader;
        BatchRequest first;
        while (true)
        {
            if (_carried is not null)
            {
                first = _carried;
                _carried = null;
            }
            else if (!reader.TryRead(out first!))
            {
                if (!await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
                {
                    return null;
                }

                continue;
            }

            if (!first.IsDone)
            {
                break;
            }
        }

        var batch = new List<BatchRequest> { first };
        var rows = first.Rows;
        var started = _timeProvider.GetTimestamp();
        while (rows < _maxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                if (next.IsDone)
                {
                    continue;
                }

                if (rows + next.Rows > _maxBatchSize || !first.CanJoin(next))
                {
                    _carried = next;
                    break;
                }

                batch.Add(next);
                rows += next.Rows;
                continue;
            }

            var remaining = _maxBatchDelay - _timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || !await WaitForMoreAsync(remaining, stopping).ConfigureAwait(false))
            {
                break;
            }
        }

        return batch;
    }

    private async ValueTask<bool> WaitForMoreAsync(TimeSpan remaining, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(remaining, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            return await _channel.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down mid-gather: the requests already taken off the queue are in no one else's hands, so
            // the batch so far must still run (disposal waits for it) rather than be dropped unanswered.
            return false;
        }
    }
}
