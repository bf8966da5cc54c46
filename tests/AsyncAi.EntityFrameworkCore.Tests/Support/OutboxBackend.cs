using AsyncAi.Client;
using AsyncAi.Testing.Emulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.EntityFrameworkCore.Tests.Support;

/// <summary>
/// One backend instance as an application builds it: AddAsyncAiClient on the emulator's queues, its own context
/// (<see cref="ShopDb"/>) and the outbox over it; orders are written the way a request handler writes them.
/// </summary>
internal sealed class OutboxBackend
{
    private OutboxBackend(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<OutboxBackend> StartAsync(
        StartedHosts hosts,
        JobQueues queues,
        Action<DbContextOptionsBuilder> database,
        Action<JobOutboxOptions>? outbox = null,
        Action<IServiceCollection>? services = null,
        Uri? requestQueue = null)
    {
        var host = await hosts.StartAsync(s =>
        {
            s.AddAsyncAiClient(o =>
            {
                o.RequestQueueUrl = requestQueue ?? queues.RequestQueueUrl;
                o.Bucket = queues.Bucket;
            });
            s.AddDbContext<ShopDb>(database);
            s.AddAsyncAiJobOutbox<ShopDb>(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                outbox?.Invoke(o);
            });
            services?.Invoke(s);
        });
        return new OutboxBackend(host);
    }

    /// <summary>An order and its job in one transaction, committed or rolled back.</summary>
    public async Task<JobId> OrderAsync(string product, bool commit = true, string? owner = "u-1", string? idempotencyKey = null, JobRequest? request = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<IJobOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Orders.Add(new Order { Product = product });
        var id = await outbox.PublishAsync(request ?? new JobRequest("ocr")
        {
            Owner = owner,
            IdempotencyKey = idempotencyKey,
            Metadata = new Dictionary<string, string> { ["product"] = product },
        });
        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return id;
    }

    public async Task<List<OutboxMessage>> OutboxRowsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShopDb>().Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<int> OrderCountAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShopDb>().Orders.CountAsync();
    }
}
