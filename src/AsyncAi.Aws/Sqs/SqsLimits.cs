namespace AsyncAi.Aws.Sqs;

/// <summary>The limits SQS sets, written down once for every caller (both roles, the provisioner, the validators).</summary>
internal static class SqsLimits
{
    /// <summary>The most entries in one batch call (SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch).</summary>
    public const int MaxBatchEntries = 10;

    /// <summary>The most bytes in one message, and in one SendMessageBatch call.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>The most messages one ReceiveMessage call returns.</summary>
    public const int MaxReceiveMessages = 10;

    /// <summary>The most message attributes on one message.</summary>
    public const int MaxMessageAttributes = 10;

    /// <summary>The longest long poll.</summary>
    public static readonly TimeSpan MaxWaitTime = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The longest a received message can stay invisible, counted from its receive: SQS refuses a visibility timeout
    /// that reaches past it.
    /// </summary>
    public static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    /// <summary>Whole seconds for a visibility call, rounded up and kept inside 0 .. 12 hours.</summary>
    /// <param name="duration">The wanted visibility.</param>
    public static int ToVisibilitySeconds(TimeSpan duration) =>
        (int)Math.Clamp(Math.Ceiling(duration.TotalSeconds), 0, MaxVisibility.TotalSeconds);

    /// <summary>What is left of the 12 hours a message may stay invisible since it was received.</summary>
    /// <param name="receivedAt">When the message was received.</param>
    /// <param name="now">The time now.</param>
    public static TimeSpan VisibilityLeft(DateTimeOffset receivedAt, DateTimeOffset now)
    {
        // A minute of margin: SQS counts from its own receive, a little before ours, and seconds are rounded up.
        var left = receivedAt + MaxVisibility - now - TimeSpan.FromMinutes(1);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
