using System.Globalization;

namespace AsyncAi.Benchmarks.Pipeline;

/// <summary>What one run measures, from the command line (<c>--quick</c> for a smoke run).</summary>
internal sealed record BenchmarkSettings
{
    /// <summary>Jobs per timed pass.</summary>
    public int Jobs { get; init; } = 5_000;

    /// <summary>Timed passes per side and scenario (median, min, max over them).</summary>
    public int Passes { get; init; } = 3;

    /// <summary>Jobs of the untimed warm-up pass of each side, before each scenario's timed passes.</summary>
    public int WarmupJobs { get; init; } = 500;

    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 16, 64];

    /// <summary>Extra rows with prefetching: (concurrency, prefetch).</summary>
    public IReadOnlyList<(int Concurrency, int Prefetch)> PrefetchRows { get; init; } = [(1, 9)];

    public IReadOnlyList<bool> RecordModes { get; init; } = [false, true];

    /// <summary>Sequential jobs per latency measurement.</summary>
    public int LatencyJobs { get; init; } = 200;

    /// <summary>Jobs per publish pass.</summary>
    public int PublishJobs { get; init; } = 5_000;

    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "benchmarks");

    public TimeSpan PassTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The smoke run: 1,000 jobs, one pass, small warm-ups.</summary>
    public static BenchmarkSettings Quick { get; } = new()
    {
        Jobs = 1_000,
        Passes = 1,
        WarmupJobs = 200,
        LatencyJobs = 50,
        PublishJobs = 1_000,
        PrefetchRows = [],
    };

    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = args.Contains("--quick") ? Quick : new BenchmarkSettings();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--quick" => settings,
                "--jobs" => settings with { Jobs = NextInt() },
                "--passes" => settings with { Passes = NextInt() },
                "--warmup" => settings with { WarmupJobs = NextInt() },
                "--latency-jobs" => settings with { LatencyJobs = NextInt() },
                "--publish-jobs" => settings with { PublishJobs = NextInt() },
                "--concurrency" => settings with { Concurrencies = [.. Next().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--no-prefetch-rows" => settings with { PrefetchRows = [] },
                "--records" => settings with { RecordModes = ParseRecordModes(Next()) },
                "--out" => settings with { OutputDirectory = Next() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Use --quick, --jobs N, --passes N, --warmup N, --latency-jobs N, --publish-jobs N, --concurrency 1,16,64, --no-prefetch-rows, --records on|off|both, --out DIR."),
            };
        }

        return settings;
    }

    private static IReadOnlyList<bool> ParseRecordModes(string value) => value switch
    {
        "on" => [true],
        "off" => [false],
        "both" => [false, true],
        _ => throw new ArgumentException($"--records takes on, off or both, not '{value}'."),
    };
}
