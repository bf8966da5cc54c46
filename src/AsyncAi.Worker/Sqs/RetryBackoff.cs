namespace AsyncAi.Worker.Sqs;

/// <summary>
/// The delay before the next attempt of a job that failed with a retryable error: exponential in the attempt
/// number (SQS's ApproximateReceiveCount), capped, with "equal jitter" (half fixed, half random) so that jobs that
/// failed together do not come back together, while the delay never drops below half its nominal value.
/// </summary>
internal sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    public TimeSpan BaseDelay { get; } = baseDelay;

    public TimeSpan MaxDelay { get; } = maxDelay;

    /// <summary>The delay without jitter after attempt <paramref name="attempt"/> failed: base x 2^(attempt-1), capped.</summary>
    public TimeSpan NominalDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        // Past 2^30 any sane base is over the cap; stop doubling to keep the arithmetic finite.
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay to wait after attempt <paramref name="attempt"/> failed.</summary>
    /// <param name="attempt">The attempt that failed, starting at 1.</param>
    /// <param name="random">A number in [0, 1).</param>
    public TimeSpan Delay(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(random, 1);
        var nominal = NominalDelay(attempt);
        var half = nominal / 2;
        return half + (half * random);
    }

    /// <summary>The delay to wait after attempt <paramref name="attempt"/> failed, with shared randomness.</summary>
    public TimeSpan Delay(int attempt) => Delay(attempt, Random.Shared.NextDouble());
}
