namespace AsyncAi.Reliability.WorkerHost;

/// <summary>The host's own settings (section <c>Reliability</c>), beside the worker's <c>AsyncAi:Worker</c>.</summary>
internal sealed class HostSettings
{
    public const string SectionName = "Reliability";

    /// <summary>How often the live heap is sampled after a forced full collection; zero turns sampling off.</summary>
    public TimeSpan HeapSampleInterval { get; set; }

    /// <summary>How often the health checks run; a HEALTH line is written when the status changes. Zero: never.</summary>
    public TimeSpan HealthInterval { get; set; }

    /// <summary>The host's shutdown timeout: it must exceed the worker's grace period plus the abandon wait.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far the worker's wall clock is off the true time (positive: ahead); zero: the system clock.</summary>
    public TimeSpan ClockOffset { get; set; }
}
