namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// How big the scenarios are: <c>quick</c> (the default, part of ./test.sh and CI) or <c>full</c>
/// (<c>ASYNCAI_RELIABILITY_PROFILE=full ./test.sh tests/AsyncAi.Reliability</c>).
/// </summary>
internal sealed record ReliabilityProfile
{
    public const string VariableName = "ASYNCAI_RELIABILITY_PROFILE";

    public required string Name { get; init; }

    /// <summary>Jobs a worker holds when it is killed.</summary>
    public int CrashJobs { get; init; } = 100;

    /// <summary>Jobs through the load scenario.</summary>
    public int LoadJobs { get; init; }

    /// <summary>Worker processes in the load scenario.</summary>
    public int LoadWorkers { get; init; } = 4;

    /// <summary>Jobs in the emulator-restart and backend-crash scenarios.</summary>
    public int RestartJobs { get; init; }

    /// <summary>Good jobs next to the poison and bad-input messages.</summary>
    public int GoodJobs { get; init; }

    /// <summary>Generated cases per property.</summary>
    public int PropertyCases { get; init; }

    /// <summary>Mutated messages sent through the real processes.</summary>
    public int FuzzMessages { get; init; }

    /// <summary>Jobs through a worker that reaches the emulator through a slow proxy.</summary>
    public int SlowEmulatorJobs { get; init; }

    /// <summary>Jobs that each run several visibility timeouts long.</summary>
    public int LongJobs { get; init; }

    /// <summary>How many visibility timeouts a long job runs.</summary>
    public int LongJobVisibilityTimeouts { get; init; }

    /// <summary>Jobs with a deadline per clock-skew case.</summary>
    public int SkewJobs { get; init; }

    /// <summary>Committed orders (each with its job, through the transactional outbox) a repeatedly killed backend must write.</summary>
    public int OutboxOrders { get; init; }

    /// <summary>About how many times the outbox scenario kills its backend on the way (kill points are drawn per order).</summary>
    public int OutboxKills { get; init; } = 8;

    /// <summary>Jobs the noisy tenant floods the queue with in the tenants scenario.</summary>
    public int TenantFloodJobs { get; init; }

    /// <summary>The shortest time the quiet tenants send one job a second each, per phase of the tenants scenario.</summary>
    public int TenantQuietSeconds { get; init; }

    public static ReliabilityProfile Quick { get; } = new()
    {
        Name = "quick", LoadJobs = 1_000, RestartJobs = 300, GoodJobs = 20, PropertyCases = 300, FuzzMessages = 40,
        SlowEmulatorJobs = 8, LongJobs = 3, LongJobVisibilityTimeouts = 5, SkewJobs = 5, OutboxOrders = 1_000,
        TenantFloodJobs = 1_000, TenantQuietSeconds = 5,
    };

    public static ReliabilityProfile Full { get; } = new()
    {
        Name = "full", LoadJobs = 10_000, RestartJobs = 2_000, GoodJobs = 100, PropertyCases = 5_000, FuzzMessages = 300,
        SlowEmulatorJobs = 40, LongJobs = 10, LongJobVisibilityTimeouts = 6, SkewJobs = 20, OutboxOrders = 3_000, OutboxKills = 25,
        TenantFloodJobs = 5_000, TenantQuietSeconds = 20,
    };

    public static ReliabilityProfile Current { get; } =
        string.Equals(Environment.GetEnvironmentVariable(VariableName), "full", StringComparison.OrdinalIgnoreCase) ? Full : Quick;
}
