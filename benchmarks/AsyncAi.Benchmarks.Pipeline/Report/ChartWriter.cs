using ScottPlot;

namespace AsyncAi.Benchmarks.Pipeline.Report;

/// <summary>The chart: median jobs/s by concurrency (log scale), the worker and the raw loop, records on and off.</summary>
internal static class ChartWriter
{
    private static readonly int[] Mantissas = [1, 2, 5];

    public static void Write(BenchmarkSummary summary, string path)
    {
        var plot = new Plot();
        var rows = summary.Throughput.Where(r => r.Prefetch == 0).ToList();
        var concurrencies = rows.Select(r => r.Concurrency).Distinct().Order().ToArray();
        foreach (var records in rows.Select(r => r.Records).Distinct())
        {
            var mode = records ? "records on" : "records off";
            Line(plot, rows.Where(r => r.Records == records).OrderBy(r => r.Concurrency).Select(r => r.Worker), concurrencies, $"AsyncAi worker, {mode}", records ? Colors.DarkBlue : Colors.DodgerBlue, LinePattern.Solid);
            Line(plot, rows.Where(r => r.Records == records).OrderBy(r => r.Concurrency).Select(r => r.Raw), concurrencies, $"raw SDK loop (beside {mode})", records ? Colors.DarkOrange : Colors.Orange, LinePattern.Dashed);
        }

        // Log scale by hand (log10 of the values), labelled at 1, 2 and 5 of each decade.
        Tick[] yTicks = [.. Enumerable.Range(0, 7).SelectMany(d => Mantissas.Select(m => m * Math.Pow(10, d))).Select(v => new Tick(Math.Log10(v), v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(yTicks);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(concurrencies.Select((c, i) => new Tick(Math.Log2(c), c.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        plot.Title($"No-op jobs/s by concurrency (fauxqs, median of {summary.Settings.Passes}, {summary.Settings.Jobs} jobs/pass)");
        plot.XLabel("concurrency (log scale)");
        plot.YLabel("jobs/s (log scale)");
        plot.ShowLegend(Edge.Bottom);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 900, 560);
    }

    private static void Line(Plot plot, IEnumerable<SideResult> sides, int[] concurrencies, string label, Color color, LinePattern pattern)
    {
        var ys = sides.Select(s => Math.Log10(Math.Max(1, s.JobsPerSecond.Median))).ToArray();
        var xs = concurrencies.Take(ys.Length).Select(c => Math.Log2(c)).ToArray();
        var scatter = plot.Add.Scatter(xs, ys, color);
        scatter.LegendText = label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 7;
    }
}
