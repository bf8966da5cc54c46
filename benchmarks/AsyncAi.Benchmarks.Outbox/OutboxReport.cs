using System.Globalization;
using System.Text;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>One database's figures: throughput passes of each side, latencies in ms, store cost per event in ms.</summary>
internal sealed record DatabaseResult(string Database, List<double> Outbox, List<double> Direct, List<double> OutboxMs, List<double> DirectMs, List<double> StoreMs);

/// <summary>The run as markdown, with each of the issue's targets marked met or not from these figures.</summary>
internal sealed class OutboxReport(OutboxBenchmarkSettings settings, int cores, string load)
{
    private readonly List<DatabaseResult> _databases = [];

    public IReadOnlyList<DatabaseResult> Databases => _databases;

    public (List<double> FirstPageMs, List<double> NextPageMs)? Listing { get; set; }

    public void Add(DatabaseResult result) => _databases.Add(result);

    public string Markdown(TimeSpan wall)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"Outbox benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {cores} cores, load average {load} at start, {wall.TotalSeconds:F0} s.");
        md.AppendLine(c, $"{settings.Jobs} jobs per pass, {settings.Writers} concurrent writers, {settings.Passes} pass(es) per side (median [min-max]); latency over {settings.LatencyJobs} sequential jobs.");
        md.AppendLine();
        md.AppendLine("| database | outbox jobs/s | order-then-publish jobs/s | ratio (target >= 0.7) | commit-to-queue p50 / p99 ms (target p50 <= 50) | order-then-publish, publish-to-queue p50 / p99 ms | store update per event p50 / p99 ms |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in _databases)
        {
            var ratio = Percentiles.Median(r.Outbox) / Percentiles.Median(r.Direct);
            var p50 = Percentiles.Of(r.OutboxMs, 50);
            md.AppendLine(c, $"| {r.Database} | {Spread(r.Outbox)} | {Spread(r.Direct)} | {ratio:F2} {(ratio >= 0.7 ? "met" : "not met")} | {p50:F1} / {Percentiles.Of(r.OutboxMs, 99):F1} {(p50 <= 50 ? "met" : "not met")} | {Percentiles.Of(r.DirectMs, 50):F1} / {Percentiles.Of(r.DirectMs, 99):F1} | {Percentiles.Of(r.StoreMs, 50):F2} / {Percentiles.Of(r.StoreMs, 99):F2} |");
        }

        if (Listing is var (first, next))
        {
            var p99 = Percentiles.Of(first, 99);
            md.AppendLine();
            md.AppendLine(c, $"PostgreSQL, {settings.ListRows.ToString("N0", c)} rows of 10,000 owners, a page of 50 of one owner's jobs through `IJobStore.QueryAsync`, {first.Count} owners:");
            md.AppendLine();
            md.AppendLine("| page | p50 ms | p99 ms | target |");
            md.AppendLine("| --- | ---: | ---: | --- |");
            md.AppendLine(c, $"| first | {Percentiles.Of(first, 50):F2} | {p99:F2} | p99 <= 20 ms: {(p99 <= 20 ? "met" : "not met")} |");
            md.AppendLine(c, $"| next (keyset cursor) | {Percentiles.Of(next, 50):F2} | {Percentiles.Of(next, 99):F2} | |");
        }

        return md.ToString();
    }

    private static string Spread(List<double> passes) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Median(passes):F0} [{passes.Min():F0}-{passes.Max():F0}]");
}
