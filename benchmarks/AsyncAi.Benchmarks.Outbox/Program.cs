using System.Diagnostics;
using AsyncAi.Benchmarks.Outbox;

// The transactional outbox against order-then-publish, and the job store at scale; see docs/benchmarks.md.
// Usage: benchmarks/outbox.sh [--quick] [--jobs N] [--writers N] [--passes N] [--databases sqlite,postgres] [--list-rows N] [--out DIR]
OutboxBenchmarkSettings settings;
try
{
    settings = OutboxBenchmarkSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var wall = Stopwatch.StartNew();
var report = await OutboxBenchmark.RunAsync(settings, Console.Out);
var markdown = report.Markdown(wall.Elapsed);
Directory.CreateDirectory(settings.OutputDirectory);
var path = Path.Combine(settings.OutputDirectory, "summary.md");
await File.WriteAllTextAsync(path, markdown);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"wrote {path}");
return 0;
