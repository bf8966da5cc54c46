using System.Diagnostics;
using AsyncAi.EntityFrameworkCore.Tests.Support;
using AsyncAi.Testing.Emulator;
using AsyncAi.WireFormat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AsyncAi.EntityFrameworkCore.Tests;

/// <summary>
/// What the transactional outbox must do on every database, run on SQLite and on a real PostgreSQL server, sending
/// through the real client publisher to the emulator's queue.
/// </summary>
public abstract class OutboxContract(FauxqsFixture fauxqs)
{
    private FauxqsEmulator Emulator => fauxqs.Emulator;

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    /// <summary>A context pointed at a database that cannot be reached.</summary>
    protected abstract void UseUnreachableDatabase(DbContextOptionsBuilder options);

    [Fact]
    public async Task A_committed_job_is_sent_at_commit_and_a_rolled_back_one_never()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);

        // Polling only every five minutes: the commit itself must wake the dispatcher.
        var backend = await stage.StartBackendAsync(o => o.PollInterval = TimeSpan.FromMinutes(5));
        using var sentCount = OutboxStage.Metric<long>(backend, "asyncai.outbox.sent");
        using var lag = OutboxStage.Metric<double>(backend, "asyncai.outbox.lag");

        var committed = await backend.OrderAsync("mug");
        var rolledBack = await backend.OrderAsync("cup", commit: false);

        var sent = await stage.SentAsync(1, TimeSpan.FromSeconds(10));
        var job = JobWireFormat.DeserializeJob(Assert.Single(sent).Body);
        Assert.Equal(committed, job.JobId);
        Assert.Equal("u-1", job.Owner);
        Assert.Equal("mug", job.Metadata["product"]);
        Assert.Empty(await stage.SentAsync(1, TimeSpan.FromSeconds(2)));
        Assert.False(sent[0].MessageAttributes.ContainsKey(MessageAttributeNames.Resend));

        // The job's row is in the store from the commit on; the rolled-back one left nothing anywhere.
        var store = backend.Services.GetRequiredService<IJobStore>();
        Assert.Equal(JobRecordStatus.Queued, (await store.FindAsync(committed, "u-1"))!.Status);
        Assert.Null(await store.FindAsync(rolledBack, "u-1"));
        Assert.Equal(1, await backend.OrderCountAsync());
        await Eventually.HoldsAsync(async () => (await backend.OutboxRowsAsync()).Count == 0);
        Assert.Equal(1, sentCount.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.InRange(Assert.Single(lag.GetMeasurementSnapshot()).Value, 0, 10);
    }

    [Fact]
    public async Task An_idempotency_key_used_before_returns_the_first_job_and_sends_nothing_more()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        var backend = await stage.StartBackendAsync();

        var first = await backend.OrderAsync("mug", idempotencyKey: "order-812");
        var again = await backend.OrderAsync("mug", idempotencyKey: "order-812");
        var otherOwner = await backend.OrderAsync("mug", owner: "u-2", idempotencyKey: "order-812");

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherOwner);
        var sent = await stage.SentAsync(3, TimeSpan.FromSeconds(5));
        Assert.Equal([first, otherOwner], sent.Select(m => JobWireFormat.DeserializeJob(m.Body).JobId).Order());
    }

    [Fact]
    public async Task Two_instances_send_each_of_300_jobs_exactly_once()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        var a = await stage.StartBackendAsync(o => o.BatchSize = 20);
        var b = await stage.StartBackendAsync(o => o.BatchSize = 20);

        // Both write and both dispatch at once, so their claims race over the same rows.
        var writes = await Task.WhenAll(
            Task.Run(() => WriteOrdersAsync(a, "a", 150)),
            Task.Run(() => WriteOrdersAsync(b, "b", 150)));
        var written = writes.SelectMany(w => w).ToHashSet();

        var sent = await stage.SentAsync(300, TimeSpan.FromSeconds(60));
        sent.AddRange(await stage.SentAsync(1, TimeSpan.FromSeconds(2)));
        var ids = sent.Select(m => JobWireFormat.DeserializeJob(m.Body).JobId).ToList();
        Assert.Equal(300, ids.Count);
        Assert.True(written.SetEquals(ids));
        await Eventually.HoldsAsync(async () => (await a.OutboxRowsAsync()).Count == 0);
    }

    [Fact]
    public async Task The_message_continues_the_trace_of_the_request_that_wrote_it()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "AsyncAi.Client" or "outbox-test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("outbox-test");
        var backend = await stage.StartBackendAsync();

        ActivityTraceId traceId;
        using (var request = source.StartActivity("POST /orders"))
        {
            traceId = request!.TraceId;
            await backend.OrderAsync("mug");
        }

        var message = Assert.Single(await stage.SentAsync(1, TimeSpan.FromSeconds(10)));
        var traceParent = message.MessageAttributes[MessageAttributeNames.TraceParent].StringValue;
        Assert.Equal(traceId, ActivityContext.Parse(traceParent, null).TraceId);
    }

    [Fact]
    public async Task A_request_too_large_for_the_outbox_is_refused_before_anything_is_written()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        var backend = await stage.StartBackendAsync(o => o.MaxMessageBytes = 2048);

        var large = new JobRequest("ocr") { Owner = "u-1", Metadata = new Dictionary<string, string> { ["note"] = new string('x', 4096) } };
        var refused = await Assert.ThrowsAsync<JobOutboxMessageTooLargeException>(() => backend.OrderAsync("mug", request: large));

        Assert.Equal(2048, refused.MaxBytes);
        Assert.True(refused.SizeBytes > 4096);
        Assert.Empty(await backend.OutboxRowsAsync());
        Assert.Null(await backend.Services.GetRequiredService<IJobStore>().FindAsync(refused.JobId, "u-1"));
        Assert.Equal(0, await backend.OrderCountAsync());
    }

    [Fact]
    public async Task A_database_that_is_down_fails_the_caller_and_sends_nothing()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, database: null);
        var backend = await stage.StartBackendAsync(database: UseUnreachableDatabase);

        // Without a key nothing is read before the save, which is where it fails; with one, the lookup fails first.
        await Assert.ThrowsAnyAsync<Exception>(() => backend.OrderAsync("mug"));
        await Assert.ThrowsAnyAsync<Exception>(() => backend.OrderAsync("mug", idempotencyKey: "k-1"));

        Assert.Empty(await stage.SentAsync(1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_send_that_keeps_failing_is_retried_with_backoff_then_parked()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        var missingQueue = new Uri(stage.Queues.RequestQueueUrl.AbsoluteUri + "-missing");
        var (backend, dispatcher, time) = await stage.StartManualAsync(o => o.MaxSendAttempts = 3, missingQueue);
        using var failures = OutboxStage.Metric<long>(backend, "asyncai.outbox.send_failures");
        using var parked = OutboxStage.Metric<long>(backend, "asyncai.outbox.parked");
        await backend.OrderAsync("mug");

        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        var row = Assert.Single(await backend.OutboxRowsAsync());
        Assert.Equal(1, row.Attempts);
        Assert.False(string.IsNullOrEmpty(row.LastError));
        Assert.Equal(JobRowMapping.Micros(time.GetUtcNow() + TimeSpan.FromSeconds(2)), row.LockedUntilMicros);

        // Not due yet: nothing is claimed. Then due twice more, with the delay doubling, and parked at the third failure.
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(JobRowMapping.Micros(time.GetUtcNow() + TimeSpan.FromSeconds(4)), Assert.Single(await backend.OutboxRowsAsync()).LockedUntilMicros);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        row = Assert.Single(await backend.OutboxRowsAsync());
        Assert.Equal(3, row.Attempts);
        Assert.Equal(OutboxMessage.Parked, row.LockedUntilMicros);
        Assert.Equal(2, failures.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, parked.GetMeasurementSnapshot().EvaluateAsCounter());
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_row_whose_claim_lapsed_is_sent_again_as_a_resend()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        var (backend, dispatcher, time) = await stage.StartManualAsync();
        var id = await backend.OrderAsync("mug");

        // A dispatcher claims the row and dies before it can tell whether SQS took the job; its lease runs out.
        await using (var scope = backend.Services.CreateAsyncScope())
        {
            var now = JobRowMapping.Micros(time.GetUtcNow());
            Assert.Single(await OutboxRows.ClaimAsync(scope.ServiceProvider.GetRequiredService<ShopDb>(), "dead-dispatcher", now, now + 30_000_000, 10, CancellationToken.None));
        }

        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        var message = Assert.Single(await stage.SentAsync(1, TimeSpan.FromSeconds(5)));
        Assert.Equal(id, JobWireFormat.DeserializeJob(message.Body).JobId);
        Assert.Equal("1", message.MessageAttributes[MessageAttributeNames.Resend].StringValue);
        Assert.Empty(await backend.OutboxRowsAsync());
    }

    [Fact]
    public async Task A_request_the_publisher_refuses_is_parked_at_once()
    {
        await using var stage = await OutboxStage.CreateAsync(Emulator, CreateDatabaseAsync);
        var (backend, dispatcher, time) = await stage.StartManualAsync();

        // The deadline passes while the row waits (the database or SQS was down): sending it later would be refused forever.
        await backend.OrderAsync("mug", request: new JobRequest("ocr") { Owner = "u-1", Deadline = time.GetUtcNow().AddMinutes(1) });
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        var row = Assert.Single(await backend.OutboxRowsAsync());
        Assert.Equal(OutboxMessage.Parked, row.LockedUntilMicros);
        Assert.Contains("deadline", row.LastError, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<List<JobId>> WriteOrdersAsync(OutboxBackend backend, string prefix, int count)
    {
        var ids = new List<JobId>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(await backend.OrderAsync($"{prefix}-{i}"));
        }

        return ids;
    }
}

[Collection(PostgresTests.Collection)]
public sealed class SqliteOutboxTests(FauxqsFixture fauxqs) : OutboxContract(fauxqs)
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => StoreDatabase.SqliteAsync();

    protected override void UseUnreachableDatabase(DbContextOptionsBuilder options) =>
        options.UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), "asyncai-missing-" + Guid.NewGuid().ToString("N"), "shop.db")};Mode=ReadWrite");
}

[Collection(PostgresTests.Collection)]
public sealed class PostgresOutboxTests(PostgresServer server, FauxqsFixture fauxqs) : OutboxContract(fauxqs)
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => StoreDatabase.PostgresAsync(server);

    // A port nothing listens on: connections are refused at once.
    protected override void UseUnreachableDatabase(DbContextOptionsBuilder options) =>
        options.UseNpgsql("Host=127.0.0.1;Port=1;Username=asyncai;Database=shop;Timeout=2");
}
