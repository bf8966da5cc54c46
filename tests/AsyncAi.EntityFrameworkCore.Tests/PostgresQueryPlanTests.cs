using AsyncAi.EntityFrameworkCore.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.EntityFrameworkCore.Tests;

/// <summary>
/// The main queries are index scans on PostgreSQL, read from EXPLAIN of the SQL EF Core generates, over a table of
/// 200,000 jobs of 20 owners (10,000 each, a busy user's history) (analyzed, so the planner knows the numbers).
/// </summary>
[Collection(PostgresTests.Collection)]
public sealed class PostgresQueryPlanTests(PostgresServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task My_jobs_and_their_next_pages_are_backward_index_scans_that_sort_nothing()
    {
        await using var database = await StoreDatabase.PostgresAsync(server);
        await using var scope = await FilledAsync(database);
        var rows = scope.ServiceProvider.GetRequiredService<ShopDb>().Set<JobRow>().AsNoTracking();

        var first = await ExplainAsync(JobRowQueries.Page(rows, new JobQuery { Owner = "u-7", Limit = 50 }));
        var next = await ExplainAsync(JobRowQueries.Page(rows, new JobQuery { Owner = "u-7", Limit = 50, After = new JobPageCursor(T0.AddSeconds(100_000), JobId.Parse("job-100000")) }));
        var failed = await ExplainAsync(JobRowQueries.Page(rows, new JobQuery { Owner = "u-7", Statuses = [JobRecordStatus.Failed], Limit = 50 }));

        // The first page reads the owner's index backwards and stops after 51 rows. A later page may instead read
        // the creation-time index from the cursor on (the planner's choice, by its estimate of how the owners
        // interleave); either way an index scan in page order, stopped by the limit: no sort, no scan of the table.
        Assert.Contains("Index Scan Backward using ix_asyncai_jobs_owner_created", first, StringComparison.Ordinal);
        foreach (var plan in new[] { first, next, failed })
        {
            Assert.Contains("Index Scan Backward", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_owners_newest_jobs_and_the_counts_of_a_window_read_an_index_of_creation_time()
    {
        await using var database = await StoreDatabase.PostgresAsync(server);
        await using var scope = await FilledAsync(database);
        var rows = scope.ServiceProvider.GetRequiredService<ShopDb>().Set<JobRow>().AsNoTracking();

        var newest = await ExplainAsync(JobRowQueries.Page(rows, new JobQuery { Limit = 50 }));
        var lastHour = await ExplainAsync(JobRowQueries.Counts(rows, new JobCountQuery { From = T0.AddSeconds(196_400), To = T0.AddSeconds(200_000) }));

        Assert.Contains("ix_asyncai_jobs_created", newest, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", newest, StringComparison.Ordinal);
        Assert.Contains("Index", lastHour, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", lastHour, StringComparison.Ordinal);
    }

    private static async Task<AsyncServiceScope> FilledAsync(StoreDatabase database)
    {
        var scope = database.NewInstance().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDb>();
        var micros = (T0.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO asyncai_jobs (owner, job_id, job_type, status, attempts, created_at_us, finished_at_us, error_code, idempotency_key, record, version) SELECT 'u-' || (i % 20), 'job-' || i, CASE WHEN i % 4 = 0 THEN 'mesh' ELSE 'ocr' END, i % 6, 1, {micros} + i * 1000000::bigint, NULL, NULL, NULL, '{{}}', 1 FROM generate_series(1, 200000) AS i");
        await db.Database.ExecuteSqlRawAsync("ANALYZE asyncai_jobs");
        return scope;
    }

    private static async Task<string> ExplainAsync<T>(IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        if (command.Connection!.State != System.Data.ConnectionState.Open)
        {
            await command.Connection.OpenAsync();
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
