namespace AsyncAi.Worker.Visibility;

/// <summary>What the heartbeat does with one in-flight message on a tick.</summary>
internal enum RenewalDecision
{
    /// <summary>Enough time is left; do nothing this tick.</summary>
    Wait,

    /// <summary>Extend the message by one visibility timeout now.</summary>
    Extend,

    /// <summary>The job has run past its maximum run time: stop extending and cancel it.</summary>
    GiveUp,
}

/// <summary>
/// Decides, from the clock alone, when an in-flight message needs its visibility extended. The heartbeat ticks
/// every quarter of the visibility timeout and extends a message once half of its timeout or less remains, so
/// that in the worst case a quarter of the timeout is left for the extension call itself
/// (see docs/design/visibility.md).
/// </summary>
internal sealed class VisibilityRenewalPolicy
{
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);
    private static readonly TimeSpan MaxVisibilityMargin = TimeSpan.FromMinutes(1);

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

    /// <summary>
    /// The longest visibility SQS still accepts for a message received at <paramref name="receivedAt"/>: SQS rejects
    /// (rather than trims) a change that would hide a message past 12 hours from its receive. A minute of margin
    /// covers SQS's clock starting before the response arrived here and the rounding up to whole seconds.
    /// </summary>
    /// <param name="receivedAt">When this worker received the message.</param>
    /// <param name="now">The time of the change.</param>
    public static TimeSpan MaxVisibilityLeft(DateTimeOffset receivedAt, DateTimeOffset now)
    {
        var left = MaxVisibility - (now - receivedAt) - MaxVisibilityMargin;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>A visibility timeout in the whole seconds SQS takes, rounded up so that it never shrinks.</summary>
    public static int ToSqsSeconds(TimeSpan timeout) => (int)Math.Min(43_200, Math.Ceiling(Math.Max(0, timeout.TotalSeconds)));
}
