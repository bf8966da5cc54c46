namespace AsyncAi.Reliability.WorkerHost;

/// <summary>
/// The system clock shifted by a fixed offset: a worker whose wall clock is ahead of (or behind) the producer's.
/// Only the wall clock moves; timestamps and timers (durations) run as the system's do, as on a real machine
/// whose clock is set wrong.
/// </summary>
internal sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
