using System.Net;
using Amazon.Runtime;
using AsyncAi.Aws.Sqs;
using AsyncAi.WireFormat;

namespace AsyncAi.Client;

/// <summary>
/// One job of one publish call, from its request to its outcome: the message to send (body, attributes, SQS size)
/// and where the job got (sent, a duplicate of an earlier job, a repeat of a key within the call, or failed, and
/// whether a failed one may have reached SQS all the same).
/// </summary>
internal sealed class OutgoingJob(JobRequest request, JobMessage job, ObjectReference prefix)
{
    private PublishedJob? _published;
    private string? _failureReason;

    public JobRequest Request { get; } = request;

    public JobMessage Job { get; } = job;

    public ObjectReference Prefix { get; } = prefix;

    public string Body { get; set; } = string.Empty;

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public bool ClaimChecked { get; set; }

    /// <summary>The SQS message group (the job's tenant on a standard queue), or <see langword="null"/> for none.</summary>
    public string? GroupId { get; set; }

    public int SizeBytes => SqsMessageSize.Of(Body, Attributes);

    /// <summary>This call claimed the job's idempotency key, so it must free the key if the job is not sent.</summary>
    public bool ClaimedKey { get; set; }

    /// <summary>The job earlier in the same call with the same idempotency key: this one is a duplicate of it and shares its fate.</summary>
    public OutgoingJob? RepeatOf { get; private set; }

    /// <summary>What the caller gets back for this job; <see langword="null"/> while it is unsent, or when it failed.</summary>
    public PublishedJob? Published => HasFailed ? null : _published;

    /// <summary>Why the job was not sent; <see langword="null"/> unless it failed.</summary>
    public string? FailureReason => _failureReason ?? RepeatOf?.FailureReason;

    public bool HasFailed => FailureReason is not null;

    /// <summary>Still to be sent: neither answered by an earlier job, nor sent, nor failed.</summary>
    public bool NeedsSending => _published is null && RepeatOf is null && _failureReason is null;

    /// <summary>
    /// Failed, but the call that carried it may have reached SQS (a network error, a 5xx): a message may then point at
    /// the claim-check body, so the body must stay.
    /// </summary>
    public bool MayHaveBeenSent { get; private set; }

    /// <summary>The error that stopped this job's sending, when it was more than SQS's answer for the entry (for the inner exception).</summary>
    public Exception? Error { get; private set; }

    /// <summary>The message to hand to the queue.</summary>
    public SqsOutgoingMessage ToMessage() => new(Body, Attributes, GroupId);

    /// <summary>The key was claimed before, by <paramref name="existing"/>: nothing is sent and the caller gets that job.</summary>
    public void AnsweredBy(IdempotencyRecord existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        _published = new PublishedJob
        {
            JobId = existing.JobId,
            Owner = existing.Owner,
            JobType = existing.JobType,
            Prefix = existing.Prefix,
            QueuedAt = existing.QueuedAt,
            IsDuplicate = true,
        };
    }

    /// <summary>The key repeats that of <paramref name="first"/> in the same call: this one answers with the first job.</summary>
    public void Repeats(OutgoingJob first)
    {
        ArgumentNullException.ThrowIfNull(first);
        RepeatOf = first;
        _published = (first._published ?? first.ToPublished()) with { IsDuplicate = true };
    }

    /// <summary>Nothing of the job went out (its message could not be prepared, or an earlier step failed).</summary>
    public void NotSent(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Fail(error.Message, mayHaveBeenSent: false, error);
    }

    /// <summary>Records how one send of the job ended.</summary>
    /// <param name="error">The send's error, <see langword="null"/> when SQS took the message.</param>
    /// <param name="mayRetry">Whether one more send is still allowed.</param>
    /// <param name="cancellationToken">The publish call's token: a send cancelled by it was dropped before any call carried it.</param>
    /// <returns><see langword="false"/> when the job is worth sending once more (SQS failed the entry for reasons of its own).</returns>
    public bool Settle(Exception? error, bool mayRetry, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case null:
                _published = ToPublished();
                return true;

            // Throttling or an internal error of SQS may pass on a second try; an entry SQS rejected as the
            // sender's fault would fail the same way again.
            case SqsEntryFailedException { IsSenderFault: false } when mayRetry:
                return false;

            // SQS answered for the entry itself: certainly not on the queue.
            case SqsEntryFailedException entry:
                Fail($"{entry.ErrorCode}: {entry.EntryMessage}", mayHaveBeenSent: false, error: null);
                return true;

            // Dropped from the batcher's queue before any call carried it.
            case OperationCanceledException canceled when canceled.CancellationToken == cancellationToken && cancellationToken.IsCancellationRequested:
                Fail(error.Message, mayHaveBeenSent: false, error);
                return true;

            // SQS answering 4xx for the whole call is a definite refusal; anything else during the call leaves it open.
            // Either way the job is reported failed and its key freed: a retry may then run a job twice, which workers
            // tolerate when the retry keeps the job id (set JobRequest.JobId), since a job completes only once.
            default:
                var refused = error is AmazonServiceException { StatusCode: >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError };
                Fail(error.Message, mayHaveBeenSent: !refused, error);
                return true;
        }
    }

    public PublishedJob ToPublished(bool duplicate = false) => new()
    {
        JobId = Job.JobId,
        Owner = Job.Owner,
        JobType = Job.JobType,
        Prefix = Prefix,
        QueuedAt = Job.CreatedAt,
        IsDuplicate = duplicate,
    };

    private void Fail(string reason, bool mayHaveBeenSent, Exception? error)
    {
        _failureReason = reason;
        MayHaveBeenSent = mayHaveBeenSent;
        Error = error;
    }
}
