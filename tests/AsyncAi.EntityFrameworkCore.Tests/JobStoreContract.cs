using AsyncAi.EntityFrameworkCore.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.EntityFrameworkCore.Tests;

/// <summary>
/// What every database store must do, run on SQLite and on a real PostgreSQL server: fold events by the shared rule,
/// keep a record whole, and answer queries exactly as the in-memory stores do over the same records.
/// </summary>
public abstract class JobStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Events_out_of_order_and_redelivered_end_in_the_terminal_state_and_a_late_started_changes_nothing()
    {
        await using var database = await CreateDatabaseAsync();
        var store = database.NewStore();
        var id = JobId.Parse("job-1");

        Assert.True(await store.ApplyAsync(Event(id, "u-1", JobEventType.Queued, T0)));
        Assert.True(await store.ApplyAsync(Terminal(id, "u-1", JobStatus.Succeeded, T0.AddSeconds(5))));
        Assert.False(await store.ApplyAsync(Event(id, "u-1", JobEventType.Started, T0.AddSeconds(1), attempt: 1)));
        Assert.False(await store.ApplyAsync(Terminal(id, "u-1", JobStatus.Succeeded, T0.AddSeconds(5))));

        var record = (await store.FindAsync(id, "u-1"))!;
        Assert.Equal(JobRecordStatus.Succeeded, record.Status);
        Assert.Equal(JobEventType.Succeeded, (await store.GetAsync(id, "u-1"))!.LastEvent.Type);
        Assert.Null(await store.FindAsync(id, "u-2"));
        Assert.Null(await store.FindAsync(id, owner: null));
    }

    [Fact]
    public async Task An_event_for_an_unknown_job_or_from_another_owner_never_reaches_another_owners_record()
    {
        await using var database = await CreateDatabaseAsync();
        var store = database.NewStore();
        var id = JobId.Parse("job-owned");
        await store.RecordPublishedAsync(new JobPublication { JobId = id, Owner = "u-1", JobType = "ocr", QueuedAt = T0 });

        // A forged or misrouted event naming the same job id under another owner, and one for a job never published.
        Assert.True(await store.ApplyAsync(Terminal(id, "u-2", JobStatus.Failed, T0.AddSeconds(2))));
        Assert.True(await store.ApplyAsync(Event(JobId.Parse("job-unknown"), "u-3", JobEventType.Started, T0.AddSeconds(1), attempt: 1)));

        // The owner's record is untouched; the others live only under the owner their event named, listed to nobody else.
        Assert.Equal(JobRecordStatus.Queued, (await store.FindAsync(id, "u-1"))!.Status);
        Assert.Equal(JobRecordStatus.Failed, (await store.FindAsync(id, "u-2"))!.Status);
        Assert.Equal([id], (await store.QueryAsync(new JobQuery { Owner = "u-1" })).Items.Select(r => r.JobId));
        Assert.Empty((await store.QueryAsync(new JobQuery { Owner = "u-1", Statuses = [JobRecordStatus.Failed] })).Items);
        Assert.Equal(JobRecordStatus.Running, (await store.FindAsync(JobId.Parse("job-unknown"), "u-3"))!.Status);
    }

    [Fact]
    public async Task A_record_reads_back_whole_as_the_shared_fold_made_it()
    {
        await using var database = await CreateDatabaseAsync();
        var store = database.NewStore();
        var id = JobId.Parse("job-2");
        var publication = new JobPublication
        {
            JobId = id,
            Owner = "u-1",
            JobType = "ocr",
            QueuedAt = T0.AddTicks(1234567),
            IdempotencyKey = "order-812",
            Metadata = new Dictionary<string, string> { ["order"] = "812", ["asyncai-webhook-secret"] = "never stored" },
        };
        JobEvent[] events = [Event(id, "u-1", JobEventType.Started, T0.AddSeconds(1), attempt: 1), Terminal(id, "u-1", JobStatus.Failed, T0.AddSeconds(3))];

        await store.RecordPublishedAsync(publication);
        foreach (var e in events)
        {
            await store.ApplyAsync(e);
        }

        var expected = events.Aggregate(JobRecords.Publish(null, publication), (r, e) => JobRecords.Apply(r, e) ?? r);
        var read = (await store.FindAsync(id, "u-1"))!;
        Assert.Equal(
            (expected.JobType, expected.Status, expected.Attempts, expected.CreatedAt, expected.StartedAt, expected.FinishedAt, expected.WorkerId, expected.IdempotencyKey, expected.Error),
            (read.JobType, read.Status, read.Attempts, read.CreatedAt, read.StartedAt, read.FinishedAt, read.WorkerId, read.IdempotencyKey, read.Error));
        Assert.Equal(["order"], read.Metadata.Keys);
        Assert.Equal(JobErrorCodes.HandlerFailed, read.Error?.Code);
        Assert.Equal(expected.LastEvent.Timestamp, read.LastEvent.Timestamp);
        Assert.Equal(expected.LastEvent.Completion!.Status, read.LastEvent.Completion!.Status);
    }

    [Fact]
    public async Task Pages_and_filters_answer_exactly_what_the_in_memory_stores_answer_over_the_same_jobs()
    {
        await using var database = await CreateDatabaseAsync();
        var store = database.NewStore();
        var records = new List<JobRecord>();
        for (var i = 0; i < 240; i++)
        {
            var id = JobId.Parse($"job-{i * 7919 % 1000:D4}");
            var owner = "u-" + (i % 3);
            var at = T0.AddSeconds(i / 5);
            var publication = new JobPublication { JobId = id, Owner = owner, JobType = i % 4 == 0 ? "mesh" : "ocr", QueuedAt = at };
            await store.RecordPublishedAsync(publication);
            var record = JobRecords.Publish(null, publication);
            JobEvent? next = (i % 5) switch
            {
                0 => Terminal(id, owner, JobStatus.Failed, at.AddSeconds(2), attempt: 1 + (i % 3)),
                1 => Terminal(id, owner, JobStatus.Succeeded, at.AddSeconds(2)),
                2 => Event(id, owner, JobEventType.Started, at.AddSeconds(1), attempt: 1),
                _ => null,
            };
            if (next is not null)
            {
                await store.ApplyAsync(next);
                record = JobRecords.Apply(record, next)!;
            }

            records.Add(record);
        }

        JobQuery[] queries =
        [
            new() { Owner = "u-1", Limit = 7 },
            new() { Limit = 50 },
            new() { Owner = "u-2", Statuses = [JobRecordStatus.Failed, JobRecordStatus.Running], Limit = 4 },
            new() { JobType = "mesh", CreatedFrom = T0.AddSeconds(10), CreatedBefore = T0.AddSeconds(30), Limit = 3 },
            new() { MinAttempts = 2, Limit = 10 },
        ];
        foreach (var query in queries)
        {
            Assert.Equal(await WalkAsync(q => store.QueryAsync(q).AsTask(), query), await WalkAsync(q => Task.FromResult(q.Run(records)), query));
        }

        var window = new JobCountQuery { From = T0.AddSeconds(5), To = T0.AddSeconds(40) };
        Assert.Equal(window.Run(records), await store.CountAsync(window));
        var owners = new JobCountQuery { Owner = "u-0", From = T0, To = T0.AddDays(1) };
        Assert.Equal(owners.Run(records), await store.CountAsync(owners));
    }

    [Fact]
    public async Task Two_backend_instances_folding_one_jobs_events_at_once_lose_none_and_end_terminal()
    {
        await using var database = await CreateDatabaseAsync();
        var first = database.NewStore();
        var second = database.NewStore();
        var id = JobId.Parse("contended");
        await first.ApplyAsync(Event(id, "u-1", JobEventType.Queued, T0));

        // Progress reports race from both instances; the terminal event arrives in the middle of them.
        var writes = Enumerable.Range(1, 40).Select(i => (i % 2 == 0 ? first : second).ApplyAsync(
            i == 20 ? Terminal(id, "u-1", JobStatus.Succeeded, T0.AddSeconds(30)) : Event(id, "u-1", JobEventType.Progress, T0.AddSeconds(i), attempt: 1, progress: i / 40.0)).AsTask());
        await Task.WhenAll(writes);

        var record = (await first.FindAsync(id, "u-1"))!;
        Assert.Equal(JobRecordStatus.Succeeded, record.Status);
        Assert.False(await second.ApplyAsync(Event(id, "u-1", JobEventType.Progress, T0.AddMinutes(5), attempt: 1, progress: 1)));
    }

    [Fact]
    public async Task The_job_table_lives_in_the_applications_own_context_beside_its_tables()
    {
        await using var database = await CreateDatabaseAsync();
        var instance = database.NewInstance();
        await using (var scope = instance.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
            db.Orders.Add(new Order { Product = "3D model" });
            await db.SaveChangesAsync();
        }

        await instance.GetRequiredService<IJobStore>().ApplyAsync(Event(JobId.Parse("order-1-job"), "u-1", JobEventType.Queued, T0));

        await using var check = instance.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<ShopDb>();
        Assert.Equal(1, await context.Orders.CountAsync());
        Assert.Equal(["asyncai_jobs", "asyncai_outbox", "orders"], context.Model.GetEntityTypes().Select(t => t.GetTableName()!).Order(StringComparer.Ordinal));
        Assert.Same(instance.GetRequiredService<IJobStore>(), instance.GetRequiredService<IJobStatusStore>());
    }

    private static async Task<List<string>> WalkAsync(Func<JobQuery, Task<JobPage>> run, JobQuery query)
    {
        var ids = new List<string>();
        for (var page = await run(query); ; page = await run(query))
        {
            ids.AddRange(page.Items.Select(r => r.Owner + "/" + r.JobId.Value));
            if (page.Next is not { } next)
            {
                return ids;
            }

            query = query with { After = next };
        }
    }

    private static JobEvent Event(JobId id, string owner, JobEventType type, DateTimeOffset at, int? attempt = null, double? progress = null) =>
        new() { JobId = id, Owner = owner, Type = type, Timestamp = at, JobType = "ocr", Attempt = attempt, WorkerId = attempt is null ? null : "w-1", Progress = progress };

    private static JobEvent Terminal(JobId id, string owner, JobStatus status, DateTimeOffset at, int attempt = 1) => new()
    {
        JobId = id,
        Owner = owner,
        Type = status.ToEventType(),
        Timestamp = at,
        JobType = "ocr",
        Attempt = attempt,
        WorkerId = "w-1",
        Completion = new JobCompletion
        {
            JobId = id,
            Owner = owner,
            JobType = "ocr",
            Status = status,
            Attempts = attempt,
            WorkerId = "w-1",
            Error = status == JobStatus.Failed ? new JobError(JobErrorCodes.HandlerFailed, "The job failed.") : null,
        },
    };
}

public sealed class SqliteJobStoreTests : JobStoreContract
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => StoreDatabase.SqliteAsync();
}

[Collection(PostgresTests.Collection)]
public sealed class PostgresJobStoreTests(PostgresServer server) : JobStoreContract
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => StoreDatabase.PostgresAsync(server);
}
