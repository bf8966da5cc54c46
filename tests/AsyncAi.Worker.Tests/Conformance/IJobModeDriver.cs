namespace AsyncAi.Worker.Tests.Conformance;

/// <summary>One way of running jobs (the SQS worker, the in-memory mode), driven the same way by the conformance suite.</summary>
public interface IJobModeDriver : IAsyncDisposable
{
    /// <summary>What the suite's handlers saw.</summary>
    ConformanceLog Log { get; }

    Task<PublishedJob> PublishAsync(JobRequest request);

    Task CancelAsync(JobId jobId, string? owner = null);

    /// <summary>Starts running jobs (a driver made with <c>runNow: false</c> holds them until then).</summary>
    Task RunAsync();

    Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner = null);

    /// <summary>The reason the job was set aside, or null when it was not within the wait.</summary>
    Task<string?> WaitForDeadLetterAsync(JobId jobId);

    /// <summary>Whether a completion arrived for the job (after the mode went quiet).</summary>
    Task<bool> HasCompletionAsync(JobId jobId);
}

/// <summary>The handlers of the conformance suite, registered the same way in every mode.</summary>
public static class ConformanceHandlers
{
    public static IAsyncAiWorkerBuilder AddConformanceHandlers(this IAsyncAiWorkerBuilder builder) => builder
        .AddJobHandler("quick", sp => new DelegatingHandler(sp, (_, _) => Task.CompletedTask))
        .AddJobHandler("wait", sp => new DelegatingHandler(sp, (_, token) => Task.Delay(Timeout.InfiniteTimeSpan, token)));

    private sealed class DelegatingHandler(IServiceProvider services, Func<IJobContext, CancellationToken, Task> body) : IJobHandler
    {
        public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
        {
            services.GetRequiredService<ConformanceLog>().Started(context.JobId);
            await body(context, cancellationToken);
        }
    }
}

/// <summary>Which jobs' handlers started.</summary>
public sealed class ConformanceLog
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<JobId, TaskCompletionSource> _started = new();

    public void Started(JobId jobId) => Signal(jobId).TrySetResult();

    public Task WaitStartedAsync(JobId jobId) => Signal(jobId).Task.WaitAsync(TimeSpan.FromSeconds(60));

    private TaskCompletionSource Signal(JobId jobId) => _started.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
