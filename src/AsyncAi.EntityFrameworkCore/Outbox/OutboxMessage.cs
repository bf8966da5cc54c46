namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// One job waiting in the <c>asyncai_outbox</c> table to be sent: written by <see cref="IJobOutbox"/> in the
/// application's own transaction, claimed and sent by <see cref="JobOutboxDispatcher{TContext}"/>, deleted once SQS
/// accepted it. Times are whole microseconds since the Unix epoch, as in <see cref="JobRow"/>.
/// </summary>
internal sealed class OutboxMessage
{
    /// <summary>Parked rows carry this lease: no dispatcher claims them again until someone resets them.</summary>
    public const long Parked = long.MaxValue;

    /// <summary>The longest error text kept; the full exception is in the log.</summary>
    public const int MaxErrorLength = 1024;

    /// <summary>Insertion order, which is also the order rows are sent in.</summary>
    public long Id { get; set; }

    public string JobId { get; set; } = string.Empty;

    public string Owner { get; set; } = string.Empty;

    public string JobType { get; set; } = string.Empty;

    /// <summary>The whole <see cref="JobRequest"/> as JSON (<see cref="OutboxRequest"/>), its id already assigned.</summary>
    public string RequestJson { get; set; } = string.Empty;

    /// <summary>The W3C <c>traceparent</c> of the activity that wrote the row, so the send continues that trace.</summary>
    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }

    public long CreatedAtMicros { get; set; }

    /// <summary>
    /// Until when a dispatcher holds the row: 0 for a new row, a lease while it is being sent, the next retry time
    /// after a failed send, <see cref="Parked"/> once it gave up.
    /// </summary>
    public long LockedUntilMicros { get; set; }

    /// <summary>The claim that holds the row now: lets a dispatcher read back exactly the rows its update won.</summary>
    public string? ClaimToken { get; set; }

    /// <summary>
    /// How many times a dispatcher claimed the row. Above one, an earlier claim may have sent it already (it died
    /// between SQS accepting the job and deleting the row, or its send timed out), so it goes as a resend.
    /// </summary>
    public int Claims { get; set; }

    /// <summary>Failed sends so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Why the last send failed.</summary>
    public string? LastError { get; set; }
}
