using AsyncAi.Benchmarks.Pipeline.Measuring;

namespace AsyncAi.Benchmarks.Pipeline.Report;

/// <summary>Everything one run measured; written to summary.json.</summary>
internal sealed record BenchmarkSummary
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Machine { get; init; }

    public required BenchmarkSettings Settings { get; init; }

    public required TimeSpan Duration { get; init; }

    public required IReadOnlyList<ScenarioResult> Throughput { get; init; }

    public required IReadOnlyList<LatencyResult> Latency { get; init; }

    public required PublishResult Publish { get; init; }
}

/// <summary>Min, median and max over passes.</summary>
internal sealed record Spread(double Min, double Median, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? new Spread(0, 0, 0) : new Spread(sorted[0], MiddleOf(sorted), sorted[^1]);
    }

    private static double MiddleOf(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

/// <summary>One side (worker, raw, publisher) over its timed passes.</summary>
internal sealed record SideResult
{
    public required IReadOnlyList<PassMeasurement> Passes { get; init; }

    public Spread JobsPerSecond => Spread.Of(Passes.Select(p => p.JobsPerSecond));

    public double ProcessCpuMicrosecondsPerJob => Spread.Of(Passes.Select(p => p.ProcessCpuMicrosecondsPerJob)).Median;

    public double EmulatorCpuMicrosecondsPerJob => Spread.Of(Passes.Select(p => p.EmulatorCpuMicrosecondsPerJob)).Median;

    public double AllocatedBytesPerJob => Spread.Of(Passes.Select(p => p.AllocatedBytesPerJob)).Median;

    /// <summary>AWS requests per job by kind, over all timed passes together.</summary>
    public IReadOnlyDictionary<string, double> RequestsPerJob
    {
        get
        {
            var jobs = (double)Passes.Sum(p => p.Jobs);
            return Passes.SelectMany(p => p.Requests)
                .GroupBy(pair => pair.Key, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value) / jobs, StringComparer.Ordinal);
        }
    }

    public double SqsRequestsPerJob => RequestsPerJob.Where(p => p.Key.StartsWith("SQS ", StringComparison.Ordinal)).Sum(p => p.Value);

    public double S3RequestsPerJob => RequestsPerJob.Where(p => p.Key.StartsWith("S3 ", StringComparison.Ordinal)).Sum(p => p.Value);
}

internal sealed record ScenarioResult(string Name, bool Records, int Concurrency, int Prefetch, int ReceiveLoops, SideResult Worker, SideResult Raw)
{
    /// <summary>Median worker jobs/s over median raw jobs/s.</summary>
    public double Ratio => Worker.JobsPerSecond.Median / Raw.JobsPerSecond.Median;
}

/// <summary>Milliseconds at the 50th and 99th percentile.</summary>
internal sealed record Percentiles(double P50, double P99)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? new Percentiles(0, 0) : new Percentiles(At(sorted, 0.50), At(sorted, 0.99));
    }

    // Nearest rank.
    private static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal sealed record LatencyResult(string Side, bool Records, int Jobs, Percentiles ToHandlerStart, Percentiles ToCompletionSeen);

internal sealed record PublishResult(SideResult AsyncAi, SideResult Raw)
{
    public double Ratio => AsyncAi.JobsPerSecond.Median / Raw.JobsPerSecond.Median;
}
