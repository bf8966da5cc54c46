using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>
/// The in-memory request queue: holds published jobs and starts them, at once or when the test says so, and
/// knows which are still running so that a test can wait until all is quiet.
/// </summary>
internal sealed class InMemoryJobScheduler(InMemoryJobRunner runner, IOptions<AsyncAiInMemoryOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<JobKey, InMemoryJob> _jobs = new();
    private readonly ConcurrentQueue<InMemoryJob> _pending = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _running = [];

    /// <summary>Adds a job unless one with its id and owner exists; the caller treats a refusal as a duplicate.</summary>
    public bool TryAdd(InMemoryJob job) => _jobs.TryAdd(new JobKey(job.Published.JobId, job.Owner), job);

    public InMemoryJob? Find(JobKey job) => _jobs.TryGetValue(job, out var found) ? found : null;

    public void Enqueue(InMemoryJob job)
    {
        _pending.Enqueue(job);
        if (options.Value.RunJobsAutomatically)
        {
            StartPending();
        }
    }

    /// <summary>Starts every job waiting in the queue and returns a task that ends when those jobs have ended.</summary>
    public Task RunPendingAsync() => Task.WhenAll(StartPending());

    /// <summary>Waits until no job is running, including jobs that running jobs published.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                _running.RemoveAll(t => t.IsCompleted);
                running = [.. _running];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void CancelAll()
    {
        foreach (var job in _jobs.Values)
        {
            job.RequestCancel();
        }
    }

    public void Dispose()
    {
        foreach (var job in _jobs.Values)
        {
            job.Dispose();
        }
    }

    private List<Task> StartPending()
    {
        var started = new List<Task>();
        while (_pending.TryDequeue(out var job))
        {
            // Task.Run: a handler that blocks must not block the test that published the job.
            var task = Task.Run(() => runner.RunAsync(job));
            started.Add(task);
            lock (_gate)
            {
                _running.Add(task);
            }
        }

        return started;
    }
}
