namespace AsyncAi.WireFormat;

/// <summary>The SQS message attribute names AsyncAi writes and reads.</summary>
public static class MessageAttributeNames
{
    /// <summary>The W3C trace context <c>traceparent</c> of the producer's activity.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The W3C trace context <c>tracestate</c>.</summary>
    public const string TraceState = "tracestate";

    /// <summary>The wire format version, so that a reader can reject a message without parsing it.</summary>
    public const string WireVersion = "asyncai-v";

    /// <summary>The kind of body: <c>job</c>, <c>event</c> or <c>claim-check</c>.</summary>
    public const string BodyKind = "asyncai-kind";

    /// <summary>The job id, for filtering and logs without parsing the body.</summary>
    public const string JobId = "asyncai-job-id";

    /// <summary>The job type.</summary>
    public const string JobType = "asyncai-job-type";

    /// <summary>
    /// <c>1</c> on a job message that may have been sent before under the same job id (<see cref="JobRequest.IsResend"/>):
    /// a worker looks for the job's completion before running it, as for a message SQS delivers again.
    /// </summary>
    public const string Resend = "asyncai-resend";

    /// <summary>The reason a message was moved to the dead-letter queue.</summary>
    public const string DeadLetterReason = "asyncai-dead-letter-reason";
}

/// <summary>The values of <see cref="MessageAttributeNames.BodyKind"/>.</summary>
public static class BodyKinds
{
    /// <summary>A <see cref="JobMessage"/>.</summary>
    public const string Job = "job";

    /// <summary>An <see cref="EventMessage"/>.</summary>
    public const string Event = "event";

    /// <summary>A <see cref="ClaimCheck"/> that points at a <see cref="JobMessage"/> in S3.</summary>
    public const string ClaimCheck = "claim-check";
}
