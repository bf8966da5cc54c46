namespace AsyncAi.Aws.Sqs;

/// <summary>How a consumer long-polls one queue.</summary>
internal sealed record SqsReceiveSettings
{
    /// <summary>The queue to receive from.</summary>
    public required string QueueUrl { get; init; }

    /// <summary>How many loops receive at once; one receive returns at most 10 messages.</summary>
    public int LoopCount { get; init; } = 1;

    /// <summary>The long-poll wait of each receive call (at most 20 s).</summary>
    public TimeSpan WaitTime { get; init; } = SqsLimits.MaxWaitTime;

    /// <summary>The visibility timeout to receive with, or <see langword="null"/> for the queue's own.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }

    /// <summary>The smallest number of free slots worth a receive call while the consumer is busy.</summary>
    public int MinBatch { get; init; } = 1;

    /// <summary>The first wait after a failed receive; it doubles per consecutive failure of the same loop.</summary>
    public TimeSpan MinErrorDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait after failed receives, so a loop probes again soon after an outage ends.</summary>
    public TimeSpan MaxErrorDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The system attributes to receive.</summary>
    public IReadOnlyList<string> SystemAttributes { get; init; } = ["ApproximateReceiveCount", "SentTimestamp"];

    /// <summary>The wait after the <paramref name="consecutiveErrors"/>-th failure in a row of one loop.</summary>
    public TimeSpan ErrorDelay(int consecutiveErrors)
    {
        var factor = Math.Pow(2, Math.Clamp(consecutiveErrors - 1, 0, 20));
        var delay = TimeSpan.FromMilliseconds(MinErrorDelay.TotalMilliseconds * factor);
        return delay < MaxErrorDelay ? delay : MaxErrorDelay;
    }
}
