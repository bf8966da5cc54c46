using AsyncAi.WireFormat;

namespace AsyncAi;

/// <summary>
/// The producer's entry point for job events, whatever carried them: the response-queue listener hands every event
/// it reads here, and a backend that receives events another way (a webhook endpoint) does the same, so both get
/// the same handling: duplicates dropped on <see cref="EventMessage.EventId"/>, the event written to the
/// <see cref="IJobStatusStore"/>, then handed to this instance's waiters and watchers (<see cref="IJobEvents"/>).
/// </summary>
/// <remarks>Verify where the event came from (for a webhook, its signature) before handing it over.</remarks>
public interface IJobEventReceiver
{
    /// <summary>Handles one event message.</summary>
    /// <param name="message">The message, as deserialized by <see cref="JobWireFormat.DeserializeEvent"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see langword="true"/> when the event was handled; <see langword="false"/> when it was a duplicate of one
    /// handled recently and was dropped. Either way the sender may consider it delivered.
    /// </returns>
    /// <exception cref="WireFormatException">The message has no event id or no job id.</exception>
    /// <remarks>
    /// An exception from the status store propagates and the event is not remembered, so a redelivery is handled
    /// again: answer the sender with an error (leave the queue message, return a 5xx) so that it retries.
    /// </remarks>
    ValueTask<bool> ReceiveAsync(EventMessage message, CancellationToken cancellationToken = default);
}
