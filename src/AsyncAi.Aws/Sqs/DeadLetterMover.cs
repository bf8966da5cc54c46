using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Aws.Provisioning;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// Moves a message that can never be processed to the dead-letter queue at once, with the reason as the
/// <c>asyncai-dead-letter-reason</c> attribute, instead of letting it come back until the queue's maxReceiveCount.
/// The copy is sent first and the original deleted after, so a crash in between leaves a duplicate, never a loss.
/// The dead-letter queue is the configured one or the source queue's RedrivePolicy target; without one, the message
/// is hidden for what is left of SQS's 12 hours so that it does not spin. Both roles use this one mover.
/// </summary>
internal sealed partial class DeadLetterMover(IAmazonSQS sqs, SqsQueue source, string? configuredDeadLetterQueueUrl, TimeProvider time, ILogger logger)
{
    private Task<string?>? _lookup;

    /// <summary>Moves one message.</summary>
    /// <param name="message">The message, as received from the source queue.</param>
    /// <param name="receivedAt">When it was received (bounds how long it may be hidden).</param>
    /// <param name="reason">Why it cannot be processed; made safe with <see cref="DeadLetterReason.Sanitize"/>.</param>
    /// <returns><see langword="true"/> when it is in the dead-letter queue; <see langword="false"/> when there is none and it was hidden.</returns>
    public async Task<bool> MoveAsync(Message message, DateTimeOffset receivedAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(message);
        var safeReason = DeadLetterReason.Sanitize(reason);
        var dlq = await FindDeadLetterQueueAsync().ConfigureAwait(false);
        if (dlq is null)
        {
            LogNoDeadLetterQueue(logger, source.Url, message.MessageId, safeReason);
            await source.ChangeVisibilityAsync(message.ReceiptHandle, SqsLimits.VisibilityLeft(receivedAt, time.GetUtcNow())).ConfigureAwait(false);
            return false;
        }

        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in message.MessageAttributes ?? [])
        {
            // Keep the sender's attributes (they help diagnose it) and leave room for the reason.
            if (attributes.Count < SqsLimits.MaxMessageAttributes - 1 && name != MessageAttributeNames.DeadLetterReason)
            {
                attributes[name] = value;
            }
        }

        attributes[MessageAttributeNames.DeadLetterReason] = new MessageAttributeValue { DataType = "String", StringValue = safeReason };
        await sqs.SendMessageAsync(
            new SendMessageRequest { QueueUrl = dlq, MessageBody = string.IsNullOrEmpty(message.Body) ? "(empty)" : message.Body, MessageAttributes = attributes },
            CancellationToken.None).ConfigureAwait(false);
        await source.DeleteAsync(message.ReceiptHandle).ConfigureAwait(false);
        LogMoved(logger, message.MessageId, source.Url, dlq, safeReason);
        return true;
    }

    private async Task<string?> FindDeadLetterQueueAsync()
    {
        if (configuredDeadLetterQueueUrl is not null)
        {
            return configuredDeadLetterQueueUrl;
        }

        // One lookup shared by all messages; a failed one is forgotten so that the next message tries again.
        var lookup = _lookup ??= DeadLetterQueueResolver.FindAsync(sqs, source.Url, CancellationToken.None);
        try
        {
            return await lookup.ConfigureAwait(false);
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _lookup, null, lookup);
            throw;
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Message {MessageId} moved from {Queue} to the dead-letter queue {DeadLetterQueue}: {Reason}")]
    private static partial void LogMoved(ILogger logger, string messageId, string queue, string deadLetterQueue, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} cannot be processed and there is no dead-letter queue; it is hidden for as long as SQS allows. Reason: {Reason}")]
    private static partial void LogNoDeadLetterQueue(ILogger logger, string queue, string messageId, string reason);
}
