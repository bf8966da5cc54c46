using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace AsyncAi.Testing;

/// <summary>
/// The history of every job the harness ran, and the live feed of it: the in-memory stand-in for the producer's
/// response-queue listener and job store. Terminal states are final, as in the real status store, and jobs are
/// keyed by id and owner, as there; each job's record is folded by the same rule (<see cref="JobRecords"/>) and
/// queried as the client's in-memory store queries (<see cref="JobQuery.Run"/>).
/// </summary>
internal sealed class InMemoryJobBoard : IJobEvents, IJobStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobKey, JobHistory> _jobs = [];
    private readonly List<JobEvent> _all = [];
    private readonly List<Channel<JobEvent>> _allWatchers = [];
    private readonly List<DeadLetteredJob> _deadLettered = [];

    /// <summary>The jobs set aside as the worker would dead-letter them, in order.</summary>
    public IReadOnlyList<DeadLetteredJob> DeadLettered
    {
        get
        {
            lock (_gate)
            {
                return [.. _deadLettered];
            }
        }
    }

    private readonly Dictionary<JobKey, List<Exception>> _handlerErrors = [];

    /// <summary>What a job's handler threw, attempt by attempt.</summary>
    public IReadOnlyList<Exception> HandlerErrorsOf(JobKey job)
    {
        lock (_gate)
        {
            return _handlerErrors.TryGetValue(job, out var errors) ? [.. errors] : [];
        }
    }

    /// <summary>Records what a handler threw.</summary>
    public void RecordHandlerError(JobKey job, Exception error)
    {
        lock (_gate)
        {
            if (!_handlerErrors.TryGetValue(job, out var errors))
            {
                _handlerErrors[job] = errors = [];
            }

            errors.Add(error);
        }
    }

    /// <summary>Records a job that will never run or complete.</summary>
    public void RecordDeadLettered(DeadLetteredJob job)
    {
        lock (_gate)
        {
            _deadLettered.Add(job);
        }
    }

    /// <summary>Every event recorded, in order.</summary>
    public IReadOnlyList<JobEvent> AllEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>The completions of every job that ended, in the order they ended.</summary>
    public IReadOnlyList<JobCompletion> Completions
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Where(e => e.IsTerminal && e.Completion is not null).Select(e => e.Completion!)];
            }
        }
    }

    /// <summary>Records an event; returns <see langword="false"/> (and drops it) when the job already ended.</summary>
    public bool Record(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        Channel<JobEvent>[] watchers;
        TaskCompletionSource<JobCompletion>? completed = null;
        lock (_gate)
        {
            var history = GetOrAdd(JobKey.Of(jobEvent));
            if (history.Last is { IsTerminal: true })
            {
                return false;
            }

            history.Events.Add(jobEvent);
            history.Last = jobEvent;
            history.Record = JobRecords.Apply(history.Record, jobEvent) ?? history.Record;
            _all.Add(jobEvent);
            watchers = [.. history.Watchers, .. _allWatchers];
            if (jobEvent is { IsTerminal: true, Completion: not null })
            {
                completed = history.Completion;
            }
        }

        // Outside the lock: continuations of the waiters must not run while it is held.
        foreach (var watcher in watchers)
        {
            watcher.Writer.TryWrite(jobEvent);
        }

        completed?.TrySetResult(jobEvent.Completion!);
        return true;
    }

    /// <summary>The events of one job, in order; empty when the board never heard of it.</summary>
    public IReadOnlyList<JobEvent> EventsOf(JobKey job)
    {
        lock (_gate)
        {
            return _jobs.TryGetValue(job, out var history) ? [.. history.Events] : [];
        }
    }

    /// <summary>The owners of the jobs with this id that the board heard of (<see langword="null"/> for a job without one).</summary>
    public IReadOnlyList<string?> OwnersOf(JobId jobId)
    {
        lock (_gate)
        {
            return [.. _jobs.Where(j => j.Key.JobId == jobId && j.Value.Events.Count > 0).Select(j => j.Key.Owner)];
        }
    }

    public ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(jobEvent));

    public ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(
                _jobs.TryGetValue(new JobKey(jobId, owner), out var history) && history.Last is { } last
                    ? new JobStatusRecord { JobId = jobId, Owner = owner, LastEvent = last }
                    : null);
        }
    }

    /// <summary>Records how a job was published (its idempotency key and metadata) on its record.</summary>
    public void RecordPublished(JobPublication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        lock (_gate)
        {
            var history = GetOrAdd(new JobKey(publication.JobId, publication.Owner));
            history.Record = JobRecords.Publish(history.Record, publication);
        }
    }

    public ValueTask RecordPublishedAsync(JobPublication publication, CancellationToken cancellationToken = default)
    {
        RecordPublished(publication);
        return ValueTask.CompletedTask;
    }

    public ValueTask<JobRecord?> FindAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_jobs.TryGetValue(new JobKey(jobId, owner), out var history) ? history.Record : null);
        }
    }

    public ValueTask<JobPage> QueryAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ValueTask.FromResult(query.Run(Records()));
    }

    public ValueTask<IReadOnlyList<JobCount>> CountAsync(JobCountQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ValueTask.FromResult(query.Run(Records()));
    }

    public Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        Task<JobCompletion> completion;
        lock (_gate)
        {
            completion = GetOrAdd(new JobKey(jobId, owner)).Completion.Task;
        }

        return completion.WaitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<JobEvent> WatchAsync(JobId jobId, string? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
        JobEvent? latest;
        JobHistory history;
        lock (_gate)
        {
            // Taking the latest state and subscribing under one lock means no event falls between the two.
            history = GetOrAdd(new JobKey(jobId, owner));
            latest = history.Last;
            if (latest is not { IsTerminal: true })
            {
                history.Watchers.Add(channel);
            }
        }

        try
        {
            if (latest is not null)
            {
                yield return latest;
                if (latest.IsTerminal)
                {
                    yield break;
                }
            }

            await foreach (var jobEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return jobEvent;
                if (jobEvent.IsTerminal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                history.Watchers.Remove(channel);
            }
        }
    }

    public async IAsyncEnumerable<JobEvent> WatchAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _allWatchers.Add(channel);
        }

        try
        {
            await foreach (var jobEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return jobEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _allWatchers.Remove(channel);
            }
        }
    }

    private JobRecord[] Records()
    {
        lock (_gate)
        {
            return [.. _jobs.Values.Select(h => h.Record).OfType<JobRecord>()];
        }
    }

    private JobHistory GetOrAdd(JobKey job)
    {
        if (!_jobs.TryGetValue(job, out var history))
        {
            history = new JobHistory();
            _jobs.Add(job, history);
        }

        return history;
    }

    private sealed class JobHistory
    {
        public List<JobEvent> Events { get; } = [];

        public JobEvent? Last { get; set; }

        public JobRecord? Record { get; set; }

        public List<Channel<JobEvent>> Watchers { get; } = [];

        public TaskCompletionSource<JobCompletion> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
