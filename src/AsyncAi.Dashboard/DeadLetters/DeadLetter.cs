namespace AsyncAi.Dashboard;

/// <summary>One message of a dead-letter queue, as the latest listing read it.</summary>
/// <param name="MessageId">The SQS message id in the dead-letter queue.</param>
/// <param name="JobId">The job it belongs to (attribute <c>asyncai-job-id</c>, else the body's <c>jobId</c>).</param>
/// <param name="JobType">The job type (attribute <c>asyncai-job-type</c>, else the body's <c>jobType</c>).</param>
/// <param name="Owner">The job's owner, from the body.</param>
/// <param name="Reason">Why it is here: the <c>asyncai-dead-letter-reason</c> attribute, or the queue's maxReceiveCount.</param>
/// <param name="ReceiveCount">ApproximateReceiveCount, counting the listing's own receive.</param>
/// <param name="DeadLetteredAt">When it was sent to the dead-letter queue (SentTimestamp).</param>
/// <param name="FirstSeen">When this dashboard first listed it.</param>
/// <param name="Body">The body; only ever shown to a viewer who may act.</param>
internal sealed record DeadLetter(
    string MessageId,
    string? JobId,
    string? JobType,
    string? Owner,
    string Reason,
    int ReceiveCount,
    DateTimeOffset? DeadLetteredAt,
    DateTimeOffset FirstSeen,
    string Body);

/// <summary>What one listing of a dead-letter queue found.</summary>
/// <param name="Messages">The messages, oldest first.</param>
/// <param name="TakenAt">When the listing ended.</param>
/// <param name="Complete">Whether the listing reached the end of the queue (else it stopped at <see cref="AsyncAiDashboardOptions.MaxDeadLettersListed"/>).</param>
internal sealed record DeadLetterListing(IReadOnlyList<DeadLetter> Messages, DateTimeOffset TakenAt, bool Complete);
