using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Client.Tests.Status;

/// <summary>The default status store answers queries too (IJobStore); the S3 one cannot, and says so.</summary>
public sealed class InMemoryJobStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_default_store_lists_what_it_holds_and_forgets_the_job_updated_longest_ago_when_full()
    {
        IJobStore store = new InMemoryJobStatusStore(capacity: 3);
        await store.RecordPublishedAsync(new JobPublication { JobId = JobId.Parse("a"), Owner = "u-1", JobType = "ocr", QueuedAt = T0, IdempotencyKey = "k-a" });
        await store.ApplyAsync(Event("b", JobEventType.Queued, T0.AddSeconds(1)));
        await store.ApplyAsync(Event("c", JobEventType.Queued, T0.AddSeconds(2)));
        await store.ApplyAsync(Event("a", JobEventType.Started, T0.AddSeconds(3)));

        await store.ApplyAsync(Event("d", JobEventType.Queued, T0.AddSeconds(4)));

        var page = await store.QueryAsync(new JobQuery { Owner = "u-1" });
        Assert.Equal(["d", "c", "a"], page.Items.Select(r => r.JobId.Value));
        var a = (await store.FindAsync(JobId.Parse("a"), "u-1"))!;
        Assert.Equal((JobRecordStatus.Running, "k-a", T0), (a.Status, a.IdempotencyKey, a.CreatedAt));
        Assert.Equal(JobEventType.Started, (await store.GetAsync(JobId.Parse("a"), "u-1"))!.LastEvent.Type);
    }

    [Fact]
    public void The_client_registers_its_default_store_as_the_job_store_and_refuses_to_query_the_S3_store()
    {
        using var inMemory = Provider(new Dictionary<string, string?>());
        using var s3 = Provider(new Dictionary<string, string?> { ["AsyncAi:Client:StatusStore"] = "S3" });

        Assert.Same(inMemory.GetRequiredService<IJobStatusStore>(), inMemory.GetRequiredService<IJobStore>());
        var error = Assert.Throws<InvalidOperationException>(() => s3.GetRequiredService<IJobStore>());
        Assert.Contains("cannot be queried", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        settings["AsyncAi:Client:RequestQueueUrl"] = "http://127.0.0.1:1/000000000000/requests";
        settings["AsyncAi:Client:Bucket"] = "demo-bucket";
        settings["AsyncAi:Client:Aws:ServiceUrl"] = "http://127.0.0.1:4566";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAsyncAiAwsClients(configuration.GetSection("AsyncAi:Client:Aws"));
        services.AddAsyncAiClient(configuration);
        return services.BuildServiceProvider();
    }

    private static JobEvent Event(string id, JobEventType type, DateTimeOffset at) =>
        new() { JobId = JobId.Parse(id), Owner = "u-1", Type = type, Timestamp = at, JobType = "ocr", Attempt = type == JobEventType.Queued ? null : 1 };
}
