using System.Diagnostics.Metrics;
using AsyncAi.EntityFrameworkCore;
using AsyncAi.Testing.Emulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>
/// One backend as an application builds it (AddAsyncAiClient on the emulator, its own context, the outbox over it)
/// on a fresh queue, with the two ways to publish an order's job and a count of what the dispatcher sent.
/// </summary>
internal sealed class BackendUnderTest : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly MeterListener _sentListener = new();
    private long _sent;

    private BackendUnderTest(IHost host, string queueUrl)
    {
        _host = host;
        QueueUrl = queueUrl;
        _sentListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "asyncai.outbox.sent", Meter.Name: "AsyncAi.EntityFrameworkCore" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _sentListener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _sent, value));
        _sentListener.Start();
    }

    public string QueueUrl { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Jobs the outbox dispatcher has sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public static async Task<BackendUnderTest> StartAsync(FauxqsEmulator emulator, string bucket, Action<DbContextOptionsBuilder> database)
    {
        var queue = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("outbox-bench"));
        var builder = TestHosts.CreateBuilder(emulator);
        builder.Services.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = new Uri(queue);
            o.Bucket = bucket;
        });
        builder.Services.AddDbContext<BenchDb>(database);
        builder.Services.AddAsyncAiJobOutbox<BenchDb>();
        var host = builder.Build();
        var backend = new BackendUnderTest(host, queue);
        await host.StartAsync();
        return backend;
    }

    /// <summary>The outbox way: the order and its job in one transaction; the job leaves at commit.</summary>
    public async Task<JobId> OrderThroughOutboxAsync(int n)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<IJobOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Orders.Add(new Order { Product = "p-" + n });
        var id = await outbox.PublishAsync(Request(n));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>The two-act way the outbox replaces: commit the order, then publish its job.</summary>
    public async Task<JobId> OrderThenPublishAsync(int n, Action? beforePublish = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
        db.Orders.Add(new Order { Product = "p-" + n });
        await db.SaveChangesAsync();
        beforePublish?.Invoke();
        var published = await scope.ServiceProvider.GetRequiredService<IJobPublisher>().PublishAsync(Request(n));
        return published.JobId;
    }

    public async Task WaitForSentAsync(long count, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (Sent < count)
        {
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"The outbox sent {Sent} of {count} jobs in {timeout}.");
            }

            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _sentListener.Dispose();
        await _host.StopAsync();
        _host.Dispose();

        // Each pass has a database of its own: idle pooled connections of finished passes would add up past the
        // server's connection limit.
        Npgsql.NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static JobRequest Request(int n) => new("noop")
    {
        Owner = "u-" + (n % 100),
        Metadata = new Dictionary<string, string> { ["order"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };
}
