namespace AsyncAi.Client;

/// <summary>
/// The default job status store: in process memory, bounded by <see cref="AsyncAiClientOptions.InMemoryStatusCapacity"/>.
/// When full, the job updated longest ago is forgotten first (least recently updated), so a busy backend keeps the
/// jobs that are still moving. Only right for a backend that runs as one instance. Jobs are keyed by id and owner.
/// </summary>
internal sealed class InMemoryJobStatusStore(int capacity) : IJobStatusStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobKey, LinkedListNode<JobStatusRecord>> _records = [];
    private readonly LinkedList<JobStatusRecord> _byAge = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    public ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        var key = JobKey.Of(jobEvent);
        lock (_gate)
        {
            if (_records.TryGetValue(key, out var node))
            {
                if (!JobEventOrdering.Supersedes(node.Value.LastEvent, jobEvent))
                {
                    return ValueTask.FromResult(false);
                }

                _byAge.Remove(node);
            }

            var record = new JobStatusRecord { JobId = jobEvent.JobId, Owner = jobEvent.Owner, LastEvent = jobEvent };
            _records[key] = _byAge.AddLast(record);
            while (_records.Count > capacity && _byAge.First is { } oldest)
            {
                _byAge.RemoveFirst();
                _records.Remove(new JobKey(oldest.Value.JobId, oldest.Value.Owner));
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.TryGetValue(new JobKey(jobId, owner), out var node) ? node.Value : null);
        }
    }
}
