namespace AsyncAi.Worker.Tests.Integration;

public sealed class ClaimCheckTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task A_job_over_1_MiB_reaches_the_handler_whole_through_its_claim_check_which_is_deleted_after_completion()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var prompt = string.Create(2 * 1024 * 1024, 0, (span, _) =>
        {
            // Not one repeated character, so that a truncated or shifted body cannot compare equal.
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        var parameters = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["prompt"] = prompt });

        // Published before any worker runs, so that the stored body can be seen before the worker consumes it.
        var job = await env.Publisher.PublishAsync(new JobRequest("capture") { Parameters = parameters });
        var requestKey = job.Prefix.Key + JobStorageLayout.RequestObject;
        await env.S3.GetObjectMetadataAsync(job.Prefix.Bucket, requestKey);

        var seen = new SeenPrompts();
        await env.StartHostAsync(services =>
        {
            services.AddSingleton(seen);
            services.AddAsyncAiWorker(env.Defaults).AddJobHandler<PromptCapturingHandler>("capture");
        });
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.True(seen.ByJob.TryGetValue(job.JobId.Value, out var received), "The handler never ran.");
        Assert.Equal(prompt.Length, received.Length);
        Assert.Equal(prompt, received);
        Assert.True(
            await IsDeletedAsync(env.S3, job.Prefix.Bucket, requestKey, TimeSpan.FromSeconds(60)),
            $"The claim-checked body {requestKey} is still in S3 after the job completed.");
    }

    /// <summary>The worker deletes the body after it reports the completion, so the test waits for it (generously).</summary>
    private static async Task<bool> IsDeletedAsync(IAmazonS3 s3, string bucket, string key, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                await s3.GetObjectMetadataAsync(bucket, key);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return false;
    }

    private sealed class SeenPrompts
    {
        public ConcurrentDictionary<string, string> ByJob { get; } = new();
    }

    private sealed class PromptCapturingHandler(SeenPrompts seen) : IJobHandler
    {
        public Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
        {
            seen.ByJob[context.JobId.Value] = context.Parameters?.GetProperty("prompt").GetString() ?? "";
            return Task.CompletedTask;
        }
    }
}
