namespace AsyncAi.Aws.Sqs;

/// <summary>
/// The messages a consumer can hold at once. A receive loop reserves slots before it asks SQS for messages and asks
/// for no more than it reserved, so messages never wait in memory unseen (backpressure); and it waits until it can
/// ask for a worthwhile batch, so that a busy consumer makes one receive per batch rather than one per freed slot.
/// </summary>
internal sealed class ReceiveSlots
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = NewSignal();
    private int _free;

    public ReceiveSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _free = capacity;
    }

    /// <summary>How many messages may be held at once.</summary>
    public int Capacity { get; }

    /// <summary>How many slots are free now.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _free;
            }
        }
    }

    /// <summary>Waits until at least <paramref name="atLeast"/> slots are free (or all are), then takes up to <paramref name="atMost"/>.</summary>
    /// <param name="atLeast">The smallest batch worth a receive call.</param>
    /// <param name="atMost">The most one receive call may ask for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<int> ReserveAsync(int atLeast, int atMost, CancellationToken cancellationToken)
    {
        atLeast = Math.Clamp(atLeast, 1, Capacity);
        atMost = Math.Max(atLeast, atMost);
        while (true)
        {
            Task released;
            lock (_gate)
            {
                if (_free >= atLeast)
                {
                    var taken = Math.Min(_free, atMost);
                    _free -= taken;
                    return taken;
                }

                released = _released.Task;
            }

            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back slots: messages that were not received, or whose work is settled.</summary>
    public void Release(int count)
    {
        if (count <= 0)
        {
            return;
        }

        TaskCompletionSource signal;
        lock (_gate)
        {
            _free = Math.Min(Capacity, _free + count);
            signal = _released;
            _released = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
