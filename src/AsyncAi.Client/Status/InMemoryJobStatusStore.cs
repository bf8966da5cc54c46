namespace AsyncAi.Client;

/// <summary>
/// The default job store: in process memory, bounded by <see cref="AsyncAiClientOptions.InMemoryStatusCapacity"/>.
/// When full, the job updated longest ago is forgotten first (least recently updated), so a busy backend keeps the
/// jobs that are still moving. Only right for a backend that runs as one instance. Jobs are keyed by id and owner;
/// queries scan every record (<see cref="JobQuery.Run"/>), which the bound keeps cheap.
/// </summary>
internal sealed class InMemoryJobStatusStore(int capacity) : IJobStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobKey, LinkedListNode<JobRecord>> _records = [];
    private readonly LinkedList<JobRecord> _byAge = new();

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
            var key = JobKey.Of(jobEvent);
            var current = _records.TryGetValue(key, out var node) ? node.Value : null;
            if (JobRecords.Apply(current, jobEvent) is not { } next)
            {
                return ValueTask.FromResult(false);
            }

            Put(key, next);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask RecordPublishedAsync(JobPublication publication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publication);
        lock (_gate)
        {
            var key = new JobKey(publication.JobId, publication.Owner);
            Put(key, JobRecords.Publish(_records.TryGetValue(key, out var node) ? node.Value : null, publication));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        var record = Find(jobId, owner);
        return ValueTask.FromResult(record is null ? null : new JobStatusRecord { JobId = jobId, Owner = owner, LastEvent = record.LastEvent });
    }

    public ValueTask<JobRecord?> FindAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Find(jobId, owner));

    public ValueTask<JobPage> QueryAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ValueTask.FromResult(query.Run(Snapshot()));
    }

    public ValueTask<IReadOnlyList<JobCount>> CountAsync(JobCountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ValueTask.FromResult(query.Run(Snapshot()));
    }

    private JobRecord? Find(JobId jobId, string? owner)
    {
        lock (_gate)
        {
            return _records.TryGetValue(new JobKey(jobId, owner), out var node) ? node.Value : null;
        }
    }

    private JobRecord[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _byAge];
        }
    }

    // Called under the lock: the record moves to the young end, and the oldest ones beyond the bound are forgotten.
    private void Put(JobKey key, JobRecord record)
    {
        if (_records.TryGetValue(key, out var old))
        {
            _byAge.Remove(old);
        }

        _records[key] = _byAge.AddLast(record);
        while (_records.Count > capacity && _byAge.First is { } oldest)
        {
            _byAge.RemoveFirst();
            _records.Remove(new JobKey(oldest.Value.JobId, oldest.Value.Owner));
        }
    }
}
