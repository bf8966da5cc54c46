using System.Collections.Concurrent;
using AsyncAi.EntityFrameworkCore.Tests.Support;
using AsyncAi.WireFormat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AsyncAi.EntityFrameworkCore.Tests;

/// <summary>
/// The outbox across PostgreSQL restarts under load: writers keep committing orders while the server goes down twice;
/// afterwards the orders table is the truth, and the queue must hold exactly the jobs of the orders it holds.
/// </summary>
[Collection(PostgresTests.Collection)]
public sealed class PostgresRestartTests(PostgresServer server, FauxqsFixture fauxqs, ITestOutputHelper output)
{
    private const int Committed = 300;
    private const int Writers = 4;

    [Fact]
    public async Task Every_committed_order_is_sent_and_no_other_across_two_restarts_under_load()
    {
        await using var database = await StoreDatabase.PostgresAsync(server);
        await using var hosts = new StartedHosts(fauxqs.Emulator);
        var queues = await JobQueues.CreateAsync(fauxqs.Emulator, "outbox-restart");

        // A short lease, so a row whose send was accepted but whose delete died with the server goes again soon.
        var backend = await OutboxBackend.StartAsync(hosts, queues, database.UseDatabase, o => (o.LeaseDuration, o.BatchSize) = (TimeSpan.FromSeconds(2), 20));
        var failed = new ConcurrentBag<string>();
        var succeeded = 0;
        var next = -1;

        // The server goes down twice, each time for 2 s, while the writers are busy: after a third and two thirds of the orders.
        var restarts = Task.Run(async () =>
        {
            foreach (var at in new[] { Committed / 3, Committed * 2 / 3 })
            {
                while (Volatile.Read(ref succeeded) < at)
                {
                    await Task.Delay(5);
                }

                await server.RestartAsync(TimeSpan.FromSeconds(2));
            }
        });
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref succeeded) < Committed)
            {
                var n = Interlocked.Increment(ref next);
                try
                {
                    await backend.OrderAsync("p-" + n);
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception ex)
                {
                    // The application's request fails (it would answer 503); whether it committed is the table's to say.
                    failed.Add(ex.GetType().Name);
                    await Task.Delay(100);
                }
            }
        })));
        await restarts;

        var products = await Eventually.ReadAsync(() => OrderProductsAsync(backend));
        await Eventually.HoldsAsync(async () => (await backend.OutboxRowsAsync()).Count == 0, TimeSpan.FromSeconds(60));
        using var sqs = fauxqs.Emulator.CreateSqsClient();
        var messages = await sqs.DrainAsync(queues.RequestQueueUrl, products.Count, TimeSpan.FromSeconds(60));
        messages.AddRange(await sqs.DrainAsync(queues.RequestQueueUrl, int.MaxValue, TimeSpan.FromSeconds(4)));
        var jobs = messages.Select(m => JobWireFormat.DeserializeJob(m.Body)).ToList();
        var sentProducts = jobs.Select(j => j.Metadata["product"]).ToHashSet();
        var duplicates = jobs.Count - jobs.Select(j => j.JobId).Distinct().Count();
        output.WriteLine($"{next + 1} orders tried, {products.Count} committed, {failed.Count} failed during the restarts ({string.Join(", ", failed.Distinct())}); {jobs.Count} messages, {duplicates} duplicate(s) of one job id");

        Assert.NotEmpty(failed);
        Assert.True(products.SetEquals(sentProducts), $"committed but not sent: {string.Join(", ", products.Except(sentProducts).Take(5))}; sent without an order: {string.Join(", ", sentProducts.Except(products).Take(5))}");
        Assert.Equal(products.Count, jobs.Select(j => j.JobId).Distinct().Count());

        // The store holds each committed order's job, written in the same transaction.
        var store = backend.Services.GetRequiredService<IJobStore>();
        foreach (var job in jobs.DistinctBy(j => j.JobId))
        {
            Assert.NotNull(await store.FindAsync(job.JobId, job.Owner));
        }
    }

    private static async Task<HashSet<string>> OrderProductsAsync(OutboxBackend backend)
    {
        await using var scope = backend.Services.CreateAsyncScope();
        return [.. await scope.ServiceProvider.GetRequiredService<ShopDb>().Orders.Select(o => o.Product).ToListAsync()];
    }
}

