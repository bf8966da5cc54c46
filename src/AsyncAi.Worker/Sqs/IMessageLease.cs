using Amazon.SQS.Model;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// This worker's hold on one received request-queue message: every act on the message itself (extend, release,
/// delete, dead-letter) and its place in the <see cref="InFlightRegistry"/> go through it, so the pipeline cannot
/// forget to stop extending a message it let go of, nor let go of it twice. An interface so that delivery and
/// settling can be tested with a fake lease.
/// </summary>
/// <remarks>
/// Each act that lets go of the message ends the hold before its SQS call is sent, so the heartbeat never extends a
/// message that was just released (which would hide it again for a whole visibility timeout).
/// </remarks>
internal interface IMessageLease
{
    /// <summary>The message as received.</summary>
    Message Message { get; }

    /// <summary>When it was received; SQS's 12-hour visibility limit counts from here.</summary>
    DateTimeOffset ReceivedAt { get; }

    /// <summary>When the message becomes visible again unless extended (this worker's conservative estimate).</summary>
    DateTimeOffset VisibleAt { get; }

    /// <summary>Registers the job in the in-flight registry, so the heartbeat extends the message until the hold ends.</summary>
    void Hold(InFlightJob job);

    /// <summary>Keeps the message hidden for <paramref name="visibility"/> more; nothing once the hold has ended.</summary>
    /// <param name="visibility">The new visibility timeout, from now.</param>
    /// <param name="visibleAt">The estimate of when it becomes visible, taken before the call so it is never too late.</param>
    Task ExtendAsync(TimeSpan visibility, DateTimeOffset visibleAt);

    /// <summary>Ends the hold and lets the message come back after <paramref name="delay"/> (zero: at once); nothing once deleted.</summary>
    Task ReleaseAsync(TimeSpan delay);

    /// <summary>Ends the hold and deletes the message (batched); the first call only.</summary>
    Task DeleteAsync();

    /// <summary>
    /// Moves the message to the dead-letter queue (or hides it for what is left of 12 hours when there is none), then
    /// ends the hold; also after the hold ended, as a crashed delivery sets its message aside after its own cleanup.
    /// </summary>
    /// <returns><see langword="true"/> when it is in the dead-letter queue.</returns>
    Task<bool> DeadLetterAsync(string reason);

    /// <summary>Ends the hold without touching the message: it comes back by itself when its visibility ends.</summary>
    void EndHold();
}
