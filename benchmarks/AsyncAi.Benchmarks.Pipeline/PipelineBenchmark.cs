using System.Runtime.InteropServices;
using AsyncAi.Benchmarks.Pipeline.Latency;
using AsyncAi.Benchmarks.Pipeline.Publishing;
using AsyncAi.Benchmarks.Pipeline.Report;
using AsyncAi.Benchmarks.Pipeline.Throughput;

namespace AsyncAi.Benchmarks.Pipeline;

/// <summary>The whole run, on one private emulator: throughput scenarios, idle latency, publish throughput.</summary>
internal static class PipelineBenchmark
{
    public static async Task<BenchmarkSummary> RunAsync(BenchmarkSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var context = await BenchmarkContext.StartAsync(settings.PassTimeout, cancellationToken);
        await log.WriteLineAsync($"emulator on {context.Emulator.ServiceUrl} (node pid {context.EmulatorCpu.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not found"})");

        var throughput = new List<ScenarioResult>();
        foreach (var scenario in ThroughputBenchmark.Scenarios(settings))
        {
            var result = await ThroughputBenchmark.RunAsync(context, settings, scenario, log, cancellationToken);
            throughput.Add(result);
            await log.WriteLineAsync($"{scenario.Name}: worker {result.Worker.JobsPerSecond.Median:F0} jobs/s, raw {result.Raw.JobsPerSecond.Median:F0} jobs/s, ratio {result.Ratio:F3}");
        }

        var latency = new List<LatencyResult>();
        foreach (var records in settings.RecordModes)
        {
            latency.Add(await LatencyBenchmark.RunWorkerAsync(context, records, settings.LatencyJobs, cancellationToken));
        }

        latency.Add(await LatencyBenchmark.RunRawAsync(context, settings.LatencyJobs, cancellationToken));
        foreach (var row in latency)
        {
            await log.WriteLineAsync($"latency {row.Side}{(row.Side == "worker" ? row.Records ? " records on" : " records off" : string.Empty)}: to start p50 {row.ToHandlerStart.P50:F2} ms, to completion p50 {row.ToCompletionSeen.P50:F2} ms");
        }

        var publish = await PublishBenchmark.RunAsync(context, settings, cancellationToken);
        await log.WriteLineAsync($"publish: AsyncAi {publish.AsyncAi.JobsPerSecond.Median:F0} jobs/s, raw {publish.Raw.JobsPerSecond.Median:F0} jobs/s, ratio {publish.Ratio:F3}");

        return new BenchmarkSummary
        {
            StartedAt = startedAt,
            Machine = $"{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}",
            Settings = settings,
            Duration = DateTimeOffset.UtcNow - startedAt,
            Throughput = throughput,
            Latency = latency,
            Publish = publish,
        };
    }
}
