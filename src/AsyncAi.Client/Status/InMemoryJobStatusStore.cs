namespace AsyncAi.Client;

/// <summary>
/// The default job status store: in process memory, bounded by <see cref="AsyncAiClientOptions.InMemoryStatusCapacity"/>.
/// When full, the job updated longest ago is forgotten first (least recently updated), so a busy backend keeps the
/// jobs that are still moving. Only right for a backend that runs as one instance.
/// </summary>
internal sealed class InMemoryJobStatusStore(int capacity) : IJobStatusStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, LinkedListNode<JobStatusRecord>> _records = [];
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
        lock (_gate)
        {
            if (_records.TryGetValue(jobEvent.JobId, out var node))
            {
                if (!JobEventOrdering.Supersedes(node.Value.LastEvent, jobEvent))
                {
                    return ValueTask.FromResult(false);
                }

                _byAge.Remove(node);
            }

            var record = new JobStatusRecord { JobId = jobEvent.JobId, LastEvent = jobEvent };
            _records[jobEvent.JobId] = _byAge.AddLast(record);
            while (_records.Count > capacity && _byAge.First is { } oldest)
            {
                _byAge.RemoveFirst();
                _records.Remove(oldest.Value.JobId);
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<JobStatusRecord?> GetAsync(JobId jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.TryGetValue(jobId, out var node) ? node.Value : null);
        }
    }
}
