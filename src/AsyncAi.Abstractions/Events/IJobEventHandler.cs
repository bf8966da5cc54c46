namespace AsyncAi;

/// <summary>
/// Application code that must see every job event at least once: the backend's own bookkeeping (mark the order
/// done, charge the credits, send the e-mail). Register it with <c>services.AddAsyncAiJobEventHandler&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// The client runs every registered handler, each event in a new DI scope, before it acknowledges the event: the
/// response-queue message is deleted (or the webhook answered 2xx) only after all handlers returned. A handler that
/// throws leaves the event unacknowledged, and it is delivered again. So a crash of the backend at any moment loses
/// no event, and a handler may see one event more than once: make it idempotent on
/// <see cref="JobEvent.JobId"/> and <see cref="JobEvent.Type"/>. <see cref="IJobEvents"/> (waiting and watching) is
/// in-process and best effort by comparison; see docs/security.md for what each API promises.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It handles job events, as IJobHandler handles jobs; it is not a .NET event delegate.")]
public interface IJobEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="jobEvent">The event.</param>
    /// <param name="cancellationToken">Fires when the application stops; the event is then delivered again later.</param>
    Task HandleAsync(JobEvent jobEvent, CancellationToken cancellationToken);
}
