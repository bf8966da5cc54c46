using AsyncAi.Benchmarks.Outbox;

namespace AsyncAi.Benchmarks.Tests;

/// <summary>
/// The outbox benchmark's quick mode, shrunk further, on SQLite and a real PostgreSQL server: every measurement runs
/// end to end and yields figures for the report. No timing is asserted.
/// </summary>
public sealed class OutboxBenchmarkSmokeTests
{
    [Fact]
    public async Task Quick_run_measures_both_ways_of_publishing_on_both_databases_and_lists_on_postgres()
    {
        var settings = OutboxBenchmarkSettings.Quick with { Jobs = 60, LatencyJobs = 5, StoreEvents = 20, ListRows = 10_000, ListQueries = 10 };

        var report = await OutboxBenchmark.RunAsync(settings, TextWriter.Null);

        Assert.Equal(["sqlite", "postgres"], report.Databases.Select(d => d.Database));
        Assert.All(report.Databases, d =>
        {
            Assert.All(d.Outbox.Concat(d.Direct), jobsPerSecond => Assert.True(jobsPerSecond > 0));
            Assert.Equal(5, d.OutboxMs.Count);
            Assert.Equal(5, d.DirectMs.Count);
            Assert.Equal(20, d.StoreMs.Count);
        });
        Assert.Equal(10, report.Listing!.Value.FirstPageMs.Count);
        Assert.Contains("| postgres |", report.Markdown(TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }
}
