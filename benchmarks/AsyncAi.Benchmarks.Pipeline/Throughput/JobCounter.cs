namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>Counts finished units of work and signals when a target count is reached.</summary>
internal sealed class JobCounter(int target)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task Reached => _reached.Task;

    public void Add(int count = 1)
    {
        if (Interlocked.Add(ref _count, count) >= target)
        {
            _reached.TrySetResult();
        }
    }
}

/// <summary>The no-op handler: counts the job and returns.</summary>
internal sealed class NoopJobHandler(JobCounter counter) : IJobHandler
{
    public Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        counter.Add();
        return Task.CompletedTask;
    }
}
