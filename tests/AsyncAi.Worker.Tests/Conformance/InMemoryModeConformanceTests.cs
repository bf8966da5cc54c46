using AsyncAi.Testing;

namespace AsyncAi.Worker.Tests.Conformance;

/// <summary>The conformance suite against the in-memory mode (AsyncAi.Testing).</summary>
public sealed class InMemoryModeConformanceTests : JobModeConformance
{
    protected override Task<IJobModeDriver> CreateAsync(bool runNow = true)
    {
        var log = new ConformanceLog();
        var harness = AsyncAiTestHarness.Create(
            w => w.AddConformanceHandlers(),
            s => s.AddSingleton(log),
            o => o.RunJobsAutomatically = runNow);
        return Task.FromResult<IJobModeDriver>(new Driver(harness, log));
    }

    private sealed class Driver(AsyncAiTestHarness harness, ConformanceLog log) : IJobModeDriver
    {
        public ConformanceLog Log => log;

        public Task<PublishedJob> PublishAsync(JobRequest request) => harness.PublishAsync(request);

        public Task CancelAsync(JobId jobId, string? owner = null) => harness.Publisher.CancelAsync(jobId, owner);

        public Task RunAsync()
        {
            _ = harness.RunPendingJobsAsync();
            return Task.CompletedTask;
        }

        public Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner = null) => harness.WaitForCompletionAsync(jobId, owner);

        public async Task<string?> WaitForDeadLetterAsync(JobId jobId)
        {
            await harness.WhenIdleAsync();
            return harness.DeadLettered.FirstOrDefault(d => d.JobId == jobId)?.Reason;
        }

        public async Task<bool> HasCompletionAsync(JobId jobId)
        {
            await harness.WhenIdleAsync();
            return harness.Completions.Any(c => c.JobId == jobId);
        }

        public ValueTask DisposeAsync() => harness.DisposeAsync();
    }
}
