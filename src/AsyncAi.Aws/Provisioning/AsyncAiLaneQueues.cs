namespace AsyncAi.Aws.Provisioning;

/// <summary>The queues of one priority lane that <see cref="AsyncAiProvisioner"/> made sure exist.</summary>
/// <param name="Name">The lane's name, as producers and workers name it.</param>
/// <param name="QueueUrl">The lane's request queue.</param>
/// <param name="DeadLetterQueueUrl">Its dead-letter queue.</param>
public sealed record AsyncAiLaneQueues(string Name, Uri QueueUrl, Uri DeadLetterQueueUrl);
