namespace AsyncAi.Client;

/// <summary>
/// The ids of the last N events handled, to drop the duplicates an at-least-once queue delivers. Bounded: the
/// oldest id is forgotten first, and a duplicate that arrives after that is still harmless, because the status
/// store and the watchers only ever move a job forward.
/// </summary>
internal sealed class RecentEventIds(int capacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool Contains(string eventId)
    {
        lock (_gate)
        {
            return _ids.Contains(eventId);
        }
    }

    public void Add(string eventId) => TryAdd(eventId);

    /// <summary>Remembers an id; <see langword="false"/> when it was already remembered.</summary>
    public bool TryAdd(string eventId)
    {
        lock (_gate)
        {
            if (!_ids.Add(eventId))
            {
                return false;
            }

            _order.Enqueue(eventId);
            while (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Forgets an id, so that a later delivery of an event whose handling failed is handled again.</summary>
    public void Remove(string eventId)
    {
        lock (_gate)
        {
            // The id stays in the order queue until it comes up; forgetting it from there early does no harm.
            _ids.Remove(eventId);
        }
    }
}
