using System.Globalization;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>What one run measures, from the command line (<c>--quick</c> for a smoke run).</summary>
internal sealed record OutboxBenchmarkSettings
{
    /// <summary>Jobs per throughput pass.</summary>
    public int Jobs { get; init; } = 2_000;

    /// <summary>Concurrent writers (requests in flight) in a throughput pass.</summary>
    public int Writers { get; init; } = 16;

    /// <summary>Timed passes per side and database, alternating sides (median, min, max).</summary>
    public int Passes { get; init; } = 3;

    /// <summary>Sequential jobs per latency measurement.</summary>
    public int LatencyJobs { get; init; } = 200;

    /// <summary>Events applied per store-update measurement.</summary>
    public int StoreEvents { get; init; } = 1_000;

    /// <summary>Rows in the job table for the listing measurement (PostgreSQL).</summary>
    public int ListRows { get; init; } = 1_000_000;

    /// <summary>Pages read in the listing measurement.</summary>
    public int ListQueries { get; init; } = 500;

    public IReadOnlyList<string> Databases { get; init; } = ["sqlite", "postgres"];

    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "benchmarks", "outbox");

    /// <summary>The smoke run: small counts, one pass.</summary>
    public static OutboxBenchmarkSettings Quick { get; } = new()
    {
        Jobs = 200,
        Writers = 8,
        Passes = 1,
        LatencyJobs = 30,
        StoreEvents = 100,
        ListRows = 20_000,
        ListQueries = 50,
    };

    public static OutboxBenchmarkSettings Parse(string[] args)
    {
        var settings = args.Contains("--quick") ? Quick : new OutboxBenchmarkSettings();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--quick" => settings,
                "--jobs" => settings with { Jobs = NextInt() },
                "--writers" => settings with { Writers = NextInt() },
                "--passes" => settings with { Passes = NextInt() },
                "--latency-jobs" => settings with { LatencyJobs = NextInt() },
                "--store-events" => settings with { StoreEvents = NextInt() },
                "--list-rows" => settings with { ListRows = NextInt() },
                "--list-queries" => settings with { ListQueries = NextInt() },
                "--databases" => settings with { Databases = Next().Split(',') },
                "--out" => settings with { OutputDirectory = Next() },
                var unknown => throw new ArgumentException($"Unknown option {unknown}. Options: --quick --jobs --writers --passes --latency-jobs --store-events --list-rows --list-queries --databases sqlite,postgres --out DIR"),
            };
        }

        return settings;
    }
}
