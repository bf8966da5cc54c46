using System.Globalization;
using System.Text.Json;
using AsyncAi.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Reliability.BackendHost;

/// <summary>
/// The outbox mode's request handler, in a loop: each order and its job are written in one transaction and committed,
/// except every <see cref="OutboxSettings.RollbackEvery"/>th, which is rolled back. Stdout gets
/// <c>ORDER seq jobId saved</c> before the commit and <c>ORDER seq jobId commit|rollback</c> after it, then
/// <c>ORDERS-DONE count</c>; these lines are diagnostics only, since a kill can fall between a commit and its line:
/// the database says what committed.
/// </summary>
internal sealed class OrderWriter(OutboxSettings settings, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>Creates the database on the first start (before the dispatcher polls it), in WAL mode so readers never wait for the writer.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        await db.Database.EnsureCreatedAsync().ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;").ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        JsonElement? parameters = string.IsNullOrWhiteSpace(settings.Parameters) ? null : JsonDocument.Parse(settings.Parameters).RootElement.Clone();
        var (committed, lastSeq) = await ProgressAsync(stoppingToken).ConfigureAwait(false);
        while (committed < settings.Orders)
        {
            var seq = ++lastSeq;
            var commit = seq % settings.RollbackEvery != 0;
            await WriteOrderAsync(seq, commit, new JobRequest(settings.JobType) { Parameters = parameters }, stoppingToken).ConfigureAwait(false);
            committed += commit ? 1 : 0;
        }

        Journal($"ORDERS-DONE {committed}");
    }

    private async Task<(int Committed, int LastSeq)> ProgressAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<ShopDb>().Orders;
        var count = await orders.CountAsync(cancellationToken).ConfigureAwait(false);
        var last = await orders.MaxAsync(o => (int?)o.Seq, cancellationToken).ConfigureAwait(false) ?? 0;
        return (count, last);
    }

    private async Task WriteOrderAsync(int seq, bool commit, JobRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<IJobOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var order = new Order { Seq = seq };
        db.Orders.Add(order);
        order.JobId = (await outbox.PublishAsync(request, cancellationToken).ConfigureAwait(false)).Value;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Journal(string.Create(CultureInfo.InvariantCulture, $"ORDER {seq} {order.JobId} saved"));
        if (commit)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }

        Journal(string.Create(CultureInfo.InvariantCulture, $"ORDER {seq} {order.JobId} {(commit ? "commit" : "rollback")}"));
    }

    private static void Journal(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
