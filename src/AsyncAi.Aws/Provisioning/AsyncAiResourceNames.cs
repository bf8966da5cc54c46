namespace AsyncAi.Aws.Provisioning;

/// <summary>What <see cref="AsyncAiProvisioner"/> creates: queue and bucket names, and the dead-letter settings.</summary>
public sealed class AsyncAiResourceNames
{
    /// <summary>The request queue's name (jobs for the workers). Required.</summary>
    public string RequestQueueName { get; set; } = string.Empty;

    /// <summary>The response queue's name (events for the backend); <see langword="null"/> creates none (webhook-only setups).</summary>
    public string? ResponseQueueName { get; set; }

    /// <summary>
    /// Priority lanes besides the request queue (for example <c>high</c> and <c>bulk</c>): each gets a request queue
    /// <c>{RequestQueueName}-{lane}</c> with a dead-letter queue and the same redrive policy and visibility timeout.
    /// Empty by default.
    /// </summary>
    public IList<string> Lanes { get; } = [];

    /// <summary>The bucket for inputs, outputs and records. Required.</summary>
    public string Bucket { get; set; } = string.Empty;

    /// <summary>Appended to a queue's name to name its dead-letter queue.</summary>
    public string DeadLetterSuffix { get; set; } = "-dlq";

    /// <summary>
    /// How many receives a message gets before SQS moves it to the dead-letter queue (1-1000). Default 10: above the
    /// worker's default <c>MaxAttempts</c> (5) with room for deliveries released at shutdown, which SQS counts too,
    /// so that the worker, not SQS, decides when a job has failed (and reports it). The CloudFormation template in
    /// docs/aws has the same default.
    /// </summary>
    public int MaxReceiveCount { get; set; } = 10;

    /// <summary>The request queue's visibility timeout; workers extend it while a job runs (default 60 s, as the template).</summary>
    public TimeSpan RequestVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long dead-lettered messages are kept (SQS allows at most 14 days).</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The longest name SQS accepts for a standard queue.</summary>
    public const int MaxQueueNameLength = 80;

    /// <summary>
    /// Whether a name follows SQS's rule for standard queue names: 1-80 letters, digits, '-' or '_'. The provisioner
    /// also checks each name with <see cref="DeadLetterSuffix"/> appended, since that queue is created too.
    /// </summary>
    /// <param name="queueName">The name.</param>
    public static bool IsValidQueueName(string? queueName) =>
        !string.IsNullOrEmpty(queueName)
        && queueName.Length <= MaxQueueNameLength
        && queueName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
