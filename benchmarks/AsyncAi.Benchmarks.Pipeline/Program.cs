using AsyncAi.Benchmarks.Pipeline;
using AsyncAi.Benchmarks.Pipeline.Report;

// The worker pipeline against a raw AWS SDK loop on the local emulator; see docs/benchmarks.md.
// Usage: benchmarks/run.sh [--quick] [--jobs N] [--passes N] [--concurrency 1,16,64] [--out DIR] | --redraw summary.json
// Redraw from a finished run: --redraw artifacts/benchmarks/summary.json writes its chart and summary.md beside it.
if (args is ["--redraw", var finished])
{
    var old = await SummaryWriter.ReadJsonAsync(finished);
    var folder = Path.GetDirectoryName(Path.GetFullPath(finished))!;
    ChartWriter.Write(old, Path.Combine(folder, "jobs-per-second.png"));
    await File.WriteAllTextAsync(Path.Combine(folder, "summary.md"), SummaryWriter.Markdown(old));
    Console.WriteLine($"redrew {folder}/jobs-per-second.png and summary.md");
    return 0;
}

BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var summary = await PipelineBenchmark.RunAsync(settings, Console.Out, cancel.Token);
var json = Path.Combine(settings.OutputDirectory, "summary.json");
var chart = Path.Combine(settings.OutputDirectory, "jobs-per-second.png");
await SummaryWriter.WriteJsonAsync(summary, json);
ChartWriter.Write(summary, chart);
var markdown = SummaryWriter.Markdown(summary);
await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "summary.md"), markdown);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"wrote {json}, {chart} ({summary.Duration.TotalSeconds:F0} s)");
return 0;
