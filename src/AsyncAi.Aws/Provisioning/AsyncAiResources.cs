namespace AsyncAi.Aws.Provisioning;

/// <summary>The queues and bucket that <see cref="AsyncAiProvisioner"/> made sure exist.</summary>
public sealed record AsyncAiResources
{
    /// <summary>The request queue.</summary>
    public required Uri RequestQueueUrl { get; init; }

    /// <summary>The request queue's dead-letter queue.</summary>
    public required Uri RequestDeadLetterQueueUrl { get; init; }

    /// <summary>The response queue, when one was asked for.</summary>
    public Uri? ResponseQueueUrl { get; init; }

    /// <summary>The response queue's dead-letter queue, when a response queue was asked for.</summary>
    public Uri? ResponseDeadLetterQueueUrl { get; init; }

    /// <summary>The priority lanes' queues, in the order of <see cref="AsyncAiResourceNames.Lanes"/>; empty without lanes.</summary>
    public IReadOnlyList<AsyncAiLaneQueues> Lanes { get; init; } = [];

    /// <summary>The bucket.</summary>
    public required string Bucket { get; init; }
}
