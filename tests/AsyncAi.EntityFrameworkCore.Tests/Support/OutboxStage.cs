using System.Diagnostics.Metrics;
using Amazon.SQS.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AsyncAi.EntityFrameworkCore.Tests.Support;

/// <summary>
/// What one outbox test runs on: its own database (or none), its own queues on the shared emulator, and the backend
/// hosts it starts, all disposed together.
/// </summary>
internal sealed class OutboxStage : IAsyncDisposable
{
    private readonly FauxqsEmulator _emulator;

    private OutboxStage(FauxqsEmulator emulator, StoreDatabase? database, JobQueues queues)
    {
        _emulator = emulator;
        Database = database;
        Queues = queues;
        Hosts = new StartedHosts(emulator);
    }

    public StoreDatabase? Database { get; }

    public JobQueues Queues { get; }

    public StartedHosts Hosts { get; }

    public static async Task<OutboxStage> CreateAsync(FauxqsEmulator emulator, Func<Task<StoreDatabase>>? database) =>
        new(emulator, database is null ? null : await database(), await JobQueues.CreateAsync(emulator, "outbox"));

    /// <summary>A backend over this stage's database (or the one given) that dispatches on its own.</summary>
    public Task<OutboxBackend> StartBackendAsync(Action<JobOutboxOptions>? outbox = null, Action<DbContextOptionsBuilder>? database = null) =>
        OutboxBackend.StartAsync(Hosts, Queues, database ?? Database!.UseDatabase, outbox);

    /// <summary>A backend whose dispatcher runs only when the test calls it, on a clock the test moves.</summary>
    public async Task<(OutboxBackend Backend, JobOutboxDispatcher<ShopDb> Dispatcher, FakeTimeProvider Time)> StartManualAsync(Action<JobOutboxOptions>? outbox = null, Uri? requestQueue = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var backend = await OutboxBackend.StartAsync(
            Hosts,
            Queues,
            Database!.UseDatabase,
            o =>
            {
                o.Dispatch = false;
                outbox?.Invoke(o);
            },
            s => s.AddSingleton<TimeProvider>(time),
            requestQueue);
        return (backend, backend.Services.GetRequiredService<JobOutboxDispatcher<ShopDb>>(), time);
    }

    /// <summary>Receives (and deletes) what reached the request queue, up to <paramref name="count"/> messages.</summary>
    public async Task<List<Message>> SentAsync(int count, TimeSpan timeout)
    {
        using var sqs = _emulator.CreateSqsClient();
        return await sqs.DrainAsync(Queues.RequestQueueUrl, count, timeout);
    }

    /// <summary>Collects one of the outbox's instruments on a backend.</summary>
    public static MetricCollector<T> Metric<T>(OutboxBackend backend, string instrument)
        where T : struct =>
        new(backend.Services.GetRequiredService<IMeterFactory>(), "AsyncAi.EntityFrameworkCore", instrument);

    public async ValueTask DisposeAsync()
    {
        await Hosts.DisposeAsync();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
