namespace AsyncAi.Aws.Sqs;

/// <summary>
/// Gathers single requests from many callers into SQS batch calls by group commit: an entry that finds no call in
/// flight starts one at once (on the thread pool's next turn, so entries queued by work that is already runnable join
/// it), and whatever arrives while a call is in flight forms the next batch. Nothing ever waits on a timer, so an idle
/// worker pays one round trip per entry and a busy one sends full batches. Each caller awaits the result of its own
/// entry, so one failed entry never fails its neighbours.
/// </summary>
/// <typeparam name="TEntry">The entry type.</typeparam>
internal sealed class SqsBatcher<TEntry> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TEntry>, CancellationToken, Task<IReadOnlyList<Exception?>>> _send;
    private readonly Func<TEntry, int>? _sizeOf;
    private readonly int _maxEntries;
    private readonly int _maxBytes;
    private readonly int _maxCallsInFlight;
    private readonly Action<Exception>? _onCallFailed;
    private readonly Func<TEntry, bool>? _isObsolete;
    private readonly Action<Func<Task>> _startCall;
    private readonly Func<Task> _sendWhileQueued;
    private readonly Lock _gate = new();
    private readonly Queue<Pending> _queue = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _callsInFlight;
    private bool _closed;

    /// <param name="send">Sends one batch; returns, per entry and in order, <see langword="null"/> for success or the entry's error.</param>
    /// <param name="maxCallsInFlight">How many batch calls may be in flight at once; more only when one call cannot keep up.</param>
    /// <param name="sizeOf">The SQS size of an entry in bytes, when the batch call has a byte limit (SendMessageBatch).</param>
    /// <param name="onCallFailed">Told of errors thrown by <paramref name="send"/> itself (they fail the whole batch).</param>
    /// <param name="maxEntries">The most entries per call.</param>
    /// <param name="maxBytes">The most bytes per call, counted with <paramref name="sizeOf"/>.</param>
    /// <param name="isObsolete">Entries that no longer need sending when their batch forms (they succeed unsent).</param>
    /// <param name="startCall">Runs a call's send loop; by default <see cref="OnThreadPool"/>. Tests run it inline or on demand.</param>
    public SqsBatcher(
        Func<IReadOnlyList<TEntry>, CancellationToken, Task<IReadOnlyList<Exception?>>> send,
        int maxCallsInFlight = 1,
        Func<TEntry, int>? sizeOf = null,
        Action<Exception>? onCallFailed = null,
        int maxEntries = SqsLimits.MaxBatchEntries,
        int maxBytes = SqsLimits.MaxMessageBytes,
        Func<TEntry, bool>? isObsolete = null,
        Action<Func<Task>>? startCall = null)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCallsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _send = send;
        _maxCallsInFlight = maxCallsInFlight;
        _sizeOf = sizeOf;
        _onCallFailed = onCallFailed;
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
        _isObsolete = isObsolete;
        _startCall = startCall ?? OnThreadPool;
        _sendWhileQueued = SendWhileQueuedAsync;
    }

    /// <summary>
    /// Starts a send loop from the thread pool's global queue rather than inline. The caller does not pay the SDK's
    /// synchronous part (marshalling, signing); work items that are already queued, such as the other jobs of the
    /// same receive, run first and join the batch (at concurrency 16 this took SendMessageBatch calls per job from
    /// 0.30 to 0.16, docs/benchmarks.md); and no caller's execution context (its trace activity, its log scopes)
    /// flows into a call that carries many callers' entries.
    /// </summary>
    public static void OnThreadPool(Func<Task> sendLoop) =>
        ThreadPool.UnsafeQueueUserWorkItem(static loop => _ = loop(), sendLoop, preferLocal: false);

    /// <summary>Queues one entry; completes when the call that carried it answered for it.</summary>
    /// <exception cref="ObjectDisposedException">The batcher was disposed.</exception>
    /// <exception cref="ArgumentException">The entry alone is larger than one call may carry.</exception>
    public Task SendAsync(TEntry entry) => SendAllAsync([entry], CancellationToken.None)[0];

    /// <summary>
    /// Queues several entries at once, so that they form full batches (10 entries, 1 MiB) instead of the first one
    /// going out alone; returns one task per entry, in order, each completing when the call that carried it answered
    /// for it. Up to one call per batch starts at once, as far as <c>maxCallsInFlight</c> allows.
    /// </summary>
    /// <param name="entries">The entries.</param>
    /// <param name="cancellationToken">
    /// Drops the entries still queued when it fires (their tasks are cancelled: they were never sent). An entry already
    /// in a call is not recalled: that call carries other entries too, and its answer says whether this one arrived.
    /// </param>
    /// <exception cref="ObjectDisposedException">The batcher was disposed.</exception>
    /// <remarks>An entry alone larger than one call may carry fails its own task with <see cref="ArgumentException"/>.</remarks>
    public IReadOnlyList<Task> SendAllAsync(IReadOnlyList<TEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var tasks = new Task[entries.Count];
        var queued = new List<Pending>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var size = _sizeOf?.Invoke(entries[i]) ?? 0;
            if (size > _maxBytes)
            {
                tasks[i] = Task.FromException(new ArgumentException($"The entry is {size} bytes; one SQS call carries at most {_maxBytes}.", nameof(entries)));
                continue;
            }

            var pending = new Pending(entries[i], size, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
            tasks[i] = pending.Done.Task;
            queued.Add(pending);
        }

        if (queued.Count == 0)
        {
            return tasks;
        }

        // More calls than batches would only find an empty queue; counting batches by entries alone may start too few
        // when bytes split them further, which costs parallelism, never a call: every started loop drains the queue.
        var wanted = (queued.Count + _maxEntries - 1) / _maxEntries;
        int starts;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            foreach (var pending in queued)
            {
                _queue.Enqueue(pending);
            }

            starts = Math.Min(wanted, _maxCallsInFlight - _callsInFlight);
            if (starts > 0)
            {
                _callsInFlight += starts;
            }
        }

        for (var i = 0; i < starts; i++)
        {
            _startCall(_sendWhileQueued);
        }

        return tasks;
    }

    /// <summary>Stops taking entries and waits until every queued entry has been sent.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
            if (_callsInFlight == 0)
            {
                _drained.TrySetResult();
            }
        }

        await _drained.Task.ConfigureAwait(false);
    }

    private async Task SendWhileQueuedAsync()
    {
        var batch = new List<Pending>(_maxEntries);
        while (true)
        {
            lock (_gate)
            {
                var bytes = 0;
                while (batch.Count < _maxEntries && _queue.TryPeek(out var next) && bytes + next.Size <= _maxBytes)
                {
                    _queue.Dequeue();
                    if (_isObsolete?.Invoke(next.Entry) == true)
                    {
                        next.Done.TrySetResult();
                        continue;
                    }

                    if (next.Cancellation.IsCancellationRequested)
                    {
                        next.Done.TrySetCanceled(next.Cancellation);
                        continue;
                    }

                    bytes += next.Size;
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _callsInFlight--;
                    if (_closed && _callsInFlight == 0)
                    {
                        _drained.TrySetResult();
                    }

                    return;
                }
            }

            await SendBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task SendBatchAsync(List<Pending> batch)
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
#pragma warning disable CA1031 // The sender must survive any failure of one call; each caller gets the error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _onCallFailed?.Invoke(ex);
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(TEntry Entry, int Size, TaskCompletionSource Done, CancellationToken Cancellation);
}
