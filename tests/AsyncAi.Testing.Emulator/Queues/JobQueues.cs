namespace AsyncAi.Testing.Emulator;

/// <summary>
/// A fresh set of the resources one AsyncAi deployment uses, on an emulator: a bucket, a request queue whose
/// RedrivePolicy names its own dead-letter queue, and a response queue, all with unique names.
/// </summary>
/// <param name="Bucket">The bucket job folders live in.</param>
/// <param name="RequestQueueUrl">The queue jobs are published to.</param>
/// <param name="DeadLetterQueueUrl">The request queue's dead-letter queue.</param>
/// <param name="ResponseQueueUrl">The queue completions are reported on.</param>
public sealed record JobQueues(string Bucket, Uri RequestQueueUrl, Uri DeadLetterQueueUrl, Uri ResponseQueueUrl)
{
    /// <summary>
    /// The receive count after which the request queue dead-letters a message: high, so that only what the
    /// worker dead-letters itself (and not the emulator's redrive) reaches the dead-letter queue in a test.
    /// </summary>
    public const int DefaultMaxReceiveCount = 20;

    /// <summary>Creates the bucket and the three queues.</summary>
    /// <param name="emulator">The emulator to create them on.</param>
    /// <param name="bucketPrefix">The start of the bucket's name, naming the test suite in the emulator's data.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The names and URLs.</returns>
    public static async Task<JobQueues> CreateAsync(FauxqsEmulator emulator, string bucketPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var bucket = FauxqsEmulator.UniqueName(bucketPrefix);
        await emulator.CreateBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
        var deadLetters = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("requests-dlq"), cancellationToken: cancellationToken).ConfigureAwait(false);
        using var sqs = emulator.CreateSqsClient();
        var attributes = await sqs.GetQueueAttributesAsync(deadLetters, ["QueueArn"], cancellationToken).ConfigureAwait(false);
        var redrivePolicy = $$"""{"deadLetterTargetArn":"{{attributes.Attributes["QueueArn"]}}","maxReceiveCount":"{{DefaultMaxReceiveCount}}"}""";
        var requests = await emulator.CreateQueueAsync(
            FauxqsEmulator.UniqueName("requests"),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["RedrivePolicy"] = redrivePolicy },
            cancellationToken).ConfigureAwait(false);
        var responses = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("responses"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new JobQueues(bucket, new Uri(requests), new Uri(deadLetters), new Uri(responses));
    }
}
