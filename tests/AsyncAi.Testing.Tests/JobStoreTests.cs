using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Testing.Tests;

/// <summary>The in-memory mode is a job store too, so a "my jobs" page behaves in tests as it does for real.</summary>
public sealed class JobStoreTests
{
    [Fact]
    public async Task Every_published_job_is_listed_with_its_final_state_its_idempotency_key_and_its_metadata()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w
            .AddJobHandler("ok", _ => new DelegateHandler((_, _) => Task.CompletedTask))
            .AddJobHandler("boom", _ => new DelegateHandler((_, _) => throw new InvalidOperationException("model exploded"))));
        var store = harness.Services.GetRequiredService<IJobStore>();

        var good = await harness.PublishAsync(new JobRequest("ok") { Owner = "u-1", IdempotencyKey = "order-812", Metadata = new Dictionary<string, string> { ["order"] = "812" } });
        var bad = await harness.PublishAsync(new JobRequest("boom") { Owner = "u-1" });
        var others = await harness.PublishAsync(new JobRequest("ok") { Owner = "u-2" });
        await harness.WhenIdleAsync();

        var mine = await store.QueryAsync(new JobQuery { Owner = "u-1" });
        Assert.Equal([bad.JobId, good.JobId], mine.Items.Select(r => r.JobId));
        var record = (await store.FindAsync(good.JobId, "u-1"))!;
        Assert.Equal(JobRecordStatus.Succeeded, record.Status);
        Assert.Equal("order-812", record.IdempotencyKey);
        Assert.Equal("812", record.Metadata["order"]);
        var failed = await store.QueryAsync(new JobQuery { Owner = "u-1", Statuses = [JobRecordStatus.Failed] });
        Assert.Equal(JobErrorCodes.HandlerFailed, Assert.Single(failed.Items).Error?.Code);
        Assert.Null(await store.FindAsync(others.JobId, "u-1"));
        var counts = await store.CountAsync(new JobCountQuery { From = DateTimeOffset.MinValue, To = DateTimeOffset.MaxValue });
        Assert.Equal(2, counts.Single(c => c is { JobType: "ok", Status: JobRecordStatus.Succeeded }).Count);
    }
}
