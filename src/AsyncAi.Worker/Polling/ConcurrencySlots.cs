namespace AsyncAi.Worker.Polling;

/// <summary>
/// The worker's free job slots. A receive loop reserves slots before it asks SQS for messages and asks for no more
/// than it reserved, so messages never wait in memory (where their visibility would run out unseen): backpressure.
/// </summary>
internal sealed class ConcurrencySlots(int capacity) : IDisposable
{
    private readonly SemaphoreSlim _free = new(capacity, capacity);

    public int Capacity { get; } = capacity;

    public int Free => _free.CurrentCount;

    /// <summary>Waits for at least one free slot and takes up to <paramref name="max"/>.</summary>
    public async Task<int> ReserveAsync(int max, CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        var taken = 1;
        while (taken < max && _free.Wait(0, CancellationToken.None))
        {
            taken++;
        }

        return taken;
    }

    public void Release(int count)
    {
        if (count <= 0)
        {
            return;
        }

        try
        {
            _free.Release(count);
        }
        catch (ObjectDisposedException)
        {
            // A job abandoned at shutdown may end after the worker is disposed; its slot no longer matters.
        }
    }

    public void Dispose() => _free.Dispose();
}
