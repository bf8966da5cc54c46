namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// Drops progress reports that come faster than the interval, so a handler may report per item without flooding
/// the response queue; the final 100 % always goes through.
/// </summary>
internal sealed class ProgressThrottle(TimeProvider timeProvider, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastSent;

    public bool ShouldSend(double fraction)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_lastSent is { } last && now - last < interval && fraction < 1)
            {
                return false;
            }

            _lastSent = now;
            return true;
        }
    }
}
