using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Sqs;
using AsyncAi.Worker.Pipeline;
using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// The terminal event that reports a completion. It must fit in one message whatever the job carried: a job's
/// metadata is copied into its completion, and a claim-checked request may hold more than a queue message can, so
/// an event too large for SQS drops the metadata, then the outputs, and says so (the completion record in S3
/// keeps everything). Without the cap such a completion is never reported and its message loops.
/// </summary>
internal static class CompletionEvents
{
    /// <summary>The metadata key that marks a completion whose event had to leave parts out.</summary>
    public const string TruncatedKey = "asyncai-truncated";

    /// <summary>The completion's event, already serialized by the size check, so the sink does not write it again.</summary>
    /// <param name="completion">The completion.</param>
    /// <param name="now">The event's timestamp.</param>
    /// <param name="webhookSecret">The job's own webhook secret, from its message.</param>
    public static OutgoingEvent For(JobCompletion completion, DateTimeOffset now, string? webhookSecret)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var outgoing = Build(completion, now, webhookSecret);
        if (Fits(outgoing))
        {
            return outgoing;
        }

        var withoutMetadata = completion with { Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [TruncatedKey] = "metadata" } };
        outgoing = Build(withoutMetadata, now, webhookSecret);
        return Fits(outgoing)
            ? outgoing
            : Build(withoutMetadata with { Outputs = [], Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [TruncatedKey] = "metadata,outputs" } }, now, webhookSecret);
    }

    private static bool Fits(OutgoingEvent outgoing) =>
        SqsMessageSize.Of(outgoing.Body, OutgoingMessages.EventAttributes(outgoing.Message)) <= SqsLimits.MaxMessageBytes;

    private static OutgoingEvent Build(JobCompletion completion, DateTimeOffset now, string? webhookSecret) => new(new EventMessage
    {
        EventId = JobEventIds.Completion(completion.JobId, completion.Owner),
        Event = CompletionEvent.Of(completion, now),
    })
    {
        WebhookSecret = webhookSecret,
    };
}
