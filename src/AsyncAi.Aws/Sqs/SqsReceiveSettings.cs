namespace AsyncAi.Aws.Sqs;

/// <summary>How a consumer long-polls its queue, or its lanes: several queues of one consumer, highest priority first.</summary>
internal sealed record SqsReceiveSettings
{
    /// <summary>The queue to receive from; with <see cref="Lanes"/>, unused.</summary>
    public required string QueueUrl { get; init; }

    /// <summary>
    /// The queues of a consumer with priority lanes, highest priority first, or empty for <see cref="QueueUrl"/> alone.
    /// Each receive asks the lane <see cref="LaneWeights"/> picks first, then the others in this order, with no wait
    /// (a lane with work answers at once); when all are empty, a loop long-polls its own lane (loop i: lane i modulo the
    /// count), so with at least one loop per lane every lane has a listener while the consumer is idle.
    /// </summary>
    public IReadOnlyList<string> Lanes { get; init; } = [];

    /// <summary>Each lane's weight (at least 1), in the order of <see cref="Lanes"/>: how often it is asked first.</summary>
    public IReadOnlyList<int> LaneWeights { get; init; } = [];

    /// <summary>How many loops receive at once; one receive returns at most 10 messages.</summary>
    public int LoopCount { get; init; } = 1;

    /// <summary>The long-poll wait of each receive call (at most 20 s).</summary>
    public TimeSpan WaitTime { get; init; } = SqsLimits.MaxWaitTime;

    /// <summary>The visibility timeout to receive with, or <see langword="null"/> for the queue's own.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }

    /// <summary>The smallest number of free slots worth a receive call while the consumer is busy.</summary>
    public int MinBatch { get; init; } = 1;

    /// <summary>The most messages one receive call asks for (at most 10).</summary>
    public int MaxBatch { get; init; } = SqsLimits.MaxReceiveMessages;

    /// <summary>The first wait after a failed receive; it doubles per consecutive failure of the same loop.</summary>
    public TimeSpan MinErrorDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait after failed receives, so a loop probes again soon after an outage ends.</summary>
    public TimeSpan MaxErrorDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The system attributes to receive.</summary>
    public IReadOnlyList<string> SystemAttributes { get; init; } = ["ApproximateReceiveCount", "SentTimestamp"];

    /// <summary>The queues received from, highest priority first: <see cref="Lanes"/>, or <see cref="QueueUrl"/> alone.</summary>
    public IReadOnlyList<string> Queues => Lanes.Count > 0 ? Lanes : [QueueUrl];

    /// <summary>The wait after the <paramref name="consecutiveErrors"/>-th failure in a row of one loop.</summary>
    public TimeSpan ErrorDelay(int consecutiveErrors)
    {
        var factor = Math.Pow(2, Math.Clamp(consecutiveErrors - 1, 0, 20));
        var delay = TimeSpan.FromMilliseconds(MinErrorDelay.TotalMilliseconds * factor);
        return delay < MaxErrorDelay ? delay : MaxErrorDelay;
    }
}
