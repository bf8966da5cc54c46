using Amazon.SQS.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>Reads a response-queue message into an <see cref="EventMessage"/>, judging the version attribute first.</summary>
internal static class IncomingEventReader
{
    /// <summary>Reads the event a message carries.</summary>
    /// <param name="message">A message received from the response queue, with its message attributes.</param>
    /// <exception cref="WireFormatException">The message is not an event of this wire version.</exception>
    public static EventMessage Read(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WireVersionAttribute.Check(message);
        var kind = MessageAttributes.Get(message, MessageAttributeNames.BodyKind);
        if (kind is not (null or BodyKinds.Event))
        {
            throw new WireFormatException($"The message is a '{kind}', not an event; it does not belong on a response queue.");
        }

        var eventMessage = JobWireFormat.DeserializeEvent(message.Body ?? string.Empty);
        if (string.IsNullOrWhiteSpace(eventMessage.EventId))
        {
            throw new WireFormatException("The event message has an empty eventId.");
        }

        if (eventMessage.Event.JobId.IsEmpty)
        {
            throw new WireFormatException("The event message has no job id.");
        }

        return eventMessage;
    }
}
