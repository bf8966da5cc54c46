using System.Globalization;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>The whole run: per database throughput, latency and store cost; then the listing on PostgreSQL.</summary>
internal static class OutboxBenchmark
{
    public static async Task<OutboxReport> RunAsync(OutboxBenchmarkSettings settings, TextWriter progress)
    {
        var report = new OutboxReport(settings, Environment.ProcessorCount, File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a");
        await using var stage = await BenchmarkStage.StartAsync(settings);
        foreach (var database in settings.Databases)
        {
            await progress.WriteLineAsync($"{database}: throughput ({settings.Passes} passes of {settings.Jobs} jobs, {settings.Writers} writers)");
            var (outbox, direct) = await ThroughputRun.RunAsync(stage, database, settings);
            await progress.WriteLineAsync($"{database}: commit-to-queue latency ({settings.LatencyJobs} jobs)");
            var (outboxMs, directMs) = await CommitLatencyRun.RunAsync(stage, database, settings);
            await progress.WriteLineAsync($"{database}: store update cost ({settings.StoreEvents} events)");
            var store = await StoreUpdateRun.RunAsync(stage, database, settings);
            report.Add(new DatabaseResult(database, outbox, direct, outboxMs, directMs, store));
        }

        if (settings.Databases.Contains("postgres"))
        {
            await progress.WriteLineAsync($"postgres: listing pages of 50 out of {settings.ListRows.ToString("N0", CultureInfo.InvariantCulture)} rows ({settings.ListQueries} owners)");
            report.Listing = await ListingRun.RunAsync(stage, settings);
        }

        return report;
    }
}
