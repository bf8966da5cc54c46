using System.Threading.Channels;

namespace AsyncAi.Worker.Finishing;

/// <summary>
/// Gathers single requests from many jobs into batch calls: whatever is queued is sent at once, up to
/// <c>maxBatchSize</c>, and when fewer are waiting it lingers for a short window to let more arrive. Each caller
/// awaits the outcome of its own entry, so one failed entry never fails its neighbours.
/// </summary>
/// <typeparam name="T">The entry type.</typeparam>
internal sealed class MicroBatcher<T> : IAsyncDisposable
{
    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<Exception?>>> _send;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _window;
    private readonly TimeProvider _timeProvider;
    private readonly Action<Exception>? _onLoopError;
    private Task? _loop;

    /// <param name="send">Sends one batch; returns, per entry and in order, <see langword="null"/> for success or the entry's error.</param>
    /// <param name="maxBatchSize">The most entries per call (10 on SQS).</param>
    /// <param name="window">How long to wait for more entries when fewer than a full batch are queued.</param>
    /// <param name="timeProvider">The clock of the window.</param>
    /// <param name="onLoopError">Told of errors thrown by <paramref name="send"/> itself (they fail the whole batch).</param>
    public MicroBatcher(
        Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<Exception?>>> send,
        int maxBatchSize,
        TimeSpan window,
        TimeProvider timeProvider,
        Action<Exception>? onLoopError = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _send = send;
        _maxBatchSize = maxBatchSize;
        _window = window;
        _timeProvider = timeProvider;
        _onLoopError = onLoopError;
    }

    /// <summary>Starts sending. Entries queued before the start go out in full batches.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Queues one entry and completes when its batch has been sent.</summary>
    /// <exception cref="Exception">The entry's own error, as the batch call reported it.</exception>
    public Task SendAsync(T entry, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_channel.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(MicroBatcher<>), "The batcher has stopped; no more entries are accepted.");
        }

        // The caller may stop waiting, but the entry stays queued: a delete or a completion is worth sending anyway.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting entries, sends what is queued and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        Start();
        await _loop!.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<Pending>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Fill(reader, batch);
            if (batch.Count < _maxBatchSize && _window > TimeSpan.Zero)
            {
                await Task.Delay(_window, _timeProvider).ConfigureAwait(false);
                Fill(reader, batch);
            }

            await FlushAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private void Fill(ChannelReader<Pending> reader, List<Pending> batch)
    {
        while (batch.Count < _maxBatchSize && reader.TryRead(out var next))
        {
            batch.Add(next);
        }
    }

    private async Task FlushAsync(List<Pending> batch)
    {
        try
        {
            var results = await _send(batch.ConvertAll(p => p.Entry), CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var error = i < results.Count ? results[i] : new InvalidOperationException("The batch call returned no result for this entry.");
                if (error is null)
                {
                    batch[i].Done.TrySetResult();
                }
                else
                {
                    batch[i].Done.TrySetException(error);
                }
            }
        }
#pragma warning disable CA1031 // The loop must survive any failure of one batch; each caller gets the error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _onLoopError?.Invoke(ex);
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(T Entry, TaskCompletionSource Done);
}
