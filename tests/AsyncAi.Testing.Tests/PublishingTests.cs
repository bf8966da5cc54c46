namespace AsyncAi.Testing.Tests;

public sealed class PublishingTests
{
    [Fact]
    public async Task Publish_with_same_idempotency_key_runs_one_job()
    {
        var runs = new RunCount();
        await using var harness = CountingHarness(runs);

        var first = await harness.PublishAsync(new JobRequest("count") { IdempotencyKey = "order-42" });
        var second = await harness.PublishAsync(new JobRequest("count") { IdempotencyKey = "order-42" });
        await harness.WhenIdleAsync();

        Assert.False(first.IsDuplicate);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Single(harness.Published);
        Assert.Equal(1, runs.Value);
    }

    [Fact]
    public async Task Publish_with_an_id_already_published_runs_it_once_and_reports_a_duplicate()
    {
        var runs = new RunCount();
        await using var harness = CountingHarness(runs);
        var id = JobId.New();

        var first = await harness.PublishAsync(new JobRequest("count") { JobId = id });
        var second = await harness.PublishAsync(new JobRequest("count") { JobId = id });
        await harness.WhenIdleAsync();

        Assert.Equal(id, first.JobId);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.QueuedAt, second.QueuedAt);
        Assert.Equal(1, runs.Value);
    }

    [Fact]
    public async Task Publish_many_returns_one_entry_per_request_in_order()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("noop", _ => new DelegateHandler((_, _) => Task.CompletedTask)));
        var ids = Enumerable.Range(0, 5).Select(_ => JobId.New()).ToList();

        var published = await harness.Publisher.PublishManyAsync(ids.Select(id => new JobRequest("noop") { JobId = id }));
        await harness.WhenIdleAsync();

        Assert.Equal(ids, published.Select(p => p.JobId));
        Assert.Equal(5, harness.Completions.Count);
    }

    [Fact]
    public async Task Publish_with_an_owner_that_could_escape_its_prefix_is_refused()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler<UpperCaseHandler>("upper"));

        await Assert.ThrowsAsync<ArgumentException>(() => harness.PublishAsync(new JobRequest("upper") { Owner = "../other" }));
        Assert.Empty(harness.Published);
    }

    [Fact]
    public async Task Published_job_prefix_uses_the_configured_bucket_root_and_owner()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler<UpperCaseHandler>("upper"),
            configureOptions: o =>
            {
                o.Bucket = "my-bucket";
                o.RootPrefix = "jobs/";
                o.RunJobsAutomatically = false;
            });

        var published = await harness.PublishAsync(new JobRequest("upper") { Owner = "acme" });

        Assert.Equal(new ObjectReference("my-bucket", $"jobs/owner=acme/{published.JobId}/"), published.Prefix);
    }

    /// <summary>A harness whose <c>count</c> handler counts how often it ran.</summary>
    private static AsyncAiTestHarness CountingHarness(RunCount runs) =>
        AsyncAiTestHarness.Create(w => w.AddJobHandler("count", _ => new DelegateHandler((_, _) =>
        {
            runs.Increment();
            return Task.CompletedTask;
        })));

    private sealed class RunCount
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
