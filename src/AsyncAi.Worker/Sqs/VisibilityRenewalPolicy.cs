namespace AsyncAi.Worker.Sqs;

/// <summary>
/// Decides, from the clock alone, when an in-flight message needs its visibility extended. The heartbeat ticks
/// every quarter of the visibility timeout and extends a message once half of its timeout or less remains, so
/// that in the worst case a quarter of the timeout is left for the extension call itself
/// (see docs/design/visibility.md).
/// </summary>
internal sealed class VisibilityRenewalPolicy
{
    private readonly TimeProvider _timeProvider;

    public VisibilityRenewalPolicy(TimeProvider timeProvider, TimeSpan visibilityTimeout, TimeSpan maxJobRunTime)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        _timeProvider = timeProvider;
        VisibilityTimeout = visibilityTimeout;
        MaxJobRunTime = maxJobRunTime;
    }

    public TimeSpan VisibilityTimeout { get; }

    public TimeSpan MaxJobRunTime { get; }

    /// <summary>How often the heartbeat looks at the in-flight messages.</summary>
    public TimeSpan TickInterval => VisibilityTimeout / 4;

    /// <summary>Extend once this much or less of the visibility is left.</summary>
    public TimeSpan RenewalThreshold => VisibilityTimeout / 2;

    /// <summary>Decides for one message.</summary>
    /// <param name="receivedAt">When this worker received the message (the attempt began).</param>
    /// <param name="visibleAt">When the message becomes visible again unless extended.</param>
    public RenewalDecision Decide(DateTimeOffset receivedAt, DateTimeOffset visibleAt)
    {
        var now = _timeProvider.GetUtcNow();
        if (now - receivedAt >= MaxJobRunTime)
        {
            return RenewalDecision.GiveUp;
        }

        return visibleAt - now <= RenewalThreshold ? RenewalDecision.Extend : RenewalDecision.Wait;
    }

    /// <summary>When a message extended now becomes visible again.</summary>
    public DateTimeOffset NextVisibleAt() => _timeProvider.GetUtcNow() + VisibilityTimeout;
}
