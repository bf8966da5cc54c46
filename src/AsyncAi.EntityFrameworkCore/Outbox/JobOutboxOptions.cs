namespace AsyncAi.EntityFrameworkCore;

/// <summary>How the transactional outbox stores and sends jobs (section <c>AsyncAi:Outbox</c> by convention).</summary>
public sealed class JobOutboxOptions
{
    /// <summary>
    /// The largest stored request, in bytes of JSON (default 256 KiB). A larger one is refused at
    /// <see cref="IJobOutbox.PublishAsync"/> with <see cref="JobOutboxMessageTooLargeException"/>, before anything is
    /// written: put large parameters in S3 and pass them as an input.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>How many rows one dispatcher claims and sends at a time (default 100).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How often a dispatcher looks for rows it was not told about (default 1 s): rows another instance committed,
    /// rows committed outside EF Core's transactions, retries that came due. Commits through this process's
    /// contexts wake it at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim holds rows (default 30 s). A dispatcher that dies while sending leaves its rows to another
    /// after this; a send that takes longer may go out twice, which the job id makes harmless.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed sends after which a row is parked (default 20, about an hour and a half of backoff from 2 s doubling
    /// up to 5 min): kept, logged as an error, counted, and no longer retried until reset.
    /// </summary>
    public int MaxSendAttempts { get; set; } = 20;

    /// <summary>Whether this instance runs a dispatcher (default <see langword="true"/>); turn it off on instances that only write.</summary>
    public bool Dispatch { get; set; } = true;
}
