using System.Diagnostics;
using AsyncAi.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>
/// "My jobs" at scale: <see cref="OutboxBenchmarkSettings.ListRows"/> jobs of 10,000 owners in the table (filled in
/// SQL, each row a real stored record), then pages of 50 of one random owner's jobs read through the store: the
/// first page and the page after it (keyset cursor), each timed from call to records.
/// </summary>
internal static class ListingRun
{
    private const int Owners = 10_000;

    public static async Task<(List<double> FirstPageMs, List<double> NextPageMs)> RunAsync(BenchmarkStage stage, OutboxBenchmarkSettings settings)
    {
        await using var backend = await stage.StartBackendAsync("postgres");
        var store = backend.Services.GetRequiredService<IJobStore>();
        await FillAsync(backend, store, settings.ListRows);

        var random = new Random(20261207);
        var first = new List<double>(settings.ListQueries);
        var next = new List<double>(settings.ListQueries);
        for (var q = -20; q < settings.ListQueries; q++)
        {
            var owner = "u-" + random.Next(Owners);
            var start = Stopwatch.GetTimestamp();
            var page = await store.QueryAsync(new JobQuery { Owner = owner, Limit = 50 });
            var firstMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            var second = await store.QueryAsync(new JobQuery { Owner = owner, Limit = 50, After = page.Next });
            var nextMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (page.Items.Count != Math.Min(50, settings.ListRows / Owners) || page.Items.Any(r => r.Owner != owner))
            {
                throw new InvalidOperationException($"Owner {owner}'s first page held {page.Items.Count} records.");
            }

            // The first twenty are warm-up: connections, plans, caches.
            if (q >= 0)
            {
                first.Add(firstMs);
                next.Add(nextMs);
            }

            _ = second;
        }

        return (first, next);
    }

    /// <summary>
    /// Fills the table in one INSERT ... SELECT: the record JSON of one job written through the store, with the
    /// owner and id of each row put in, so every row reads back as a record of its own.
    /// </summary>
    private static async Task FillAsync(BackendUnderTest backend, IJobStore store, int rows)
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        await store.RecordPublishedAsync(new JobPublication { JobId = JobId.Parse("TEMPLATEJOB"), Owner = "TEMPLATEOWNER", JobType = "ocr", QueuedAt = t0 });
        await using var scope = backend.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDb>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var table = AsyncAiModelBuilderExtensions.JobsTable;
        var template = await db.Database.SqlQueryRaw<string>($"SELECT record AS \"Value\" FROM {table} WHERE job_id = 'TEMPLATEJOB'").SingleAsync();
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {table}");
        var baseMicros = (t0 - DateTimeOffset.UnixEpoch).Ticks / 10;
        await db.Database.ExecuteSqlRawAsync(
            $$"""
            INSERT INTO {{table}} (owner, job_id, job_type, status, attempts, created_at_us, finished_at_us, error_code, idempotency_key, record, version)
            SELECT 'u-' || (i % {{Owners}}), 'j' || lpad(i::text, 9, '0'), 'ocr', 3, 1, {{baseMicros}} + i * 1000::bigint, {{baseMicros}} + i * 1000::bigint + 500000, NULL, NULL,
                   replace(replace({0}, 'TEMPLATEJOB', 'j' || lpad(i::text, 9, '0')), 'TEMPLATEOWNER', 'u-' || (i % {{Owners}})), 1
            FROM generate_series(1, {{rows}}) AS i
            """,
            template);
        await db.Database.ExecuteSqlRawAsync($"ANALYZE {table}");
    }
}
