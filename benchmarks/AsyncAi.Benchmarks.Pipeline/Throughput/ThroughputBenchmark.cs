using AsyncAi.Benchmarks.Pipeline.Measuring;
using AsyncAi.Benchmarks.Pipeline.Report;

namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// Worker against raw loop, per scenario: an untimed warm-up pass of each side, then the timed passes, alternating
/// sides and which side goes first, each pass on fresh queues with its jobs published before the clock starts.
/// </summary>
internal static class ThroughputBenchmark
{
    public static IEnumerable<ThroughputScenario> Scenarios(BenchmarkSettings settings) =>
        from records in settings.RecordModes
        from row in settings.Concurrencies.Select(c => (Concurrency: c, Prefetch: 0)).Concat(settings.PrefetchRows)
        select new ThroughputScenario(records, row.Concurrency, row.Prefetch);

    public static async Task<ScenarioResult> RunAsync(BenchmarkContext context, BenchmarkSettings settings, ThroughputScenario scenario, TextWriter log, CancellationToken cancellationToken)
    {
        if (settings.WarmupJobs > 0)
        {
            await WorkerPass.RunAsync(context, scenario, settings.WarmupJobs, cancellationToken);
            await RawPass.RunAsync(context, scenario, settings.WarmupJobs, cancellationToken);
        }

        var worker = new List<PassMeasurement>();
        var raw = new List<PassMeasurement>();
        for (var pass = 0; pass < settings.Passes; pass++)
        {
            if (pass % 2 == 0)
            {
                worker.Add(await WorkerPass.RunAsync(context, scenario, settings.Jobs, cancellationToken));
                raw.Add(await RawPass.RunAsync(context, scenario, settings.Jobs, cancellationToken));
            }
            else
            {
                raw.Add(await RawPass.RunAsync(context, scenario, settings.Jobs, cancellationToken));
                worker.Add(await WorkerPass.RunAsync(context, scenario, settings.Jobs, cancellationToken));
            }

            await log.WriteLineAsync($"  {scenario.Name} pass {pass + 1}: worker {worker[^1].JobsPerSecond:F0} jobs/s, raw {raw[^1].JobsPerSecond:F0} jobs/s");
        }

        return new ScenarioResult(scenario.Name, scenario.Records, scenario.Concurrency, scenario.Prefetch, scenario.ReceiveLoops, new SideResult { Passes = worker }, new SideResult { Passes = raw });
    }
}
