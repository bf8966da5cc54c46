using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Aws.Provisioning;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Visibility;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Finishing;

/// <summary>
/// Moves a message that cannot be processed to the dead-letter queue at once, with the reason as an attribute,
/// instead of letting it come back until the queue's maxReceiveCount: it can never succeed, and it must never
/// stop or slow the poller. The dead-letter queue is the configured one or the request queue's RedrivePolicy target.
/// </summary>
internal sealed class DeadLetterMover(IAmazonSQS sqs, Uri requestQueueUrl, Uri? configuredDeadLetterQueueUrl, ILogger logger)
{
    private const int MaxReasonLength = 1024;
    private readonly string? _configured = configuredDeadLetterQueueUrl?.ToString();
    private Task<string?>? _lookup;

    /// <summary>Moves the message; returns false when there is no dead-letter queue (the message is then hidden for <paramref name="hideFor"/>).</summary>
    /// <param name="message">The message to move.</param>
    /// <param name="reason">Why it cannot be processed.</param>
    /// <param name="hideFor">How long to hide it without a dead-letter queue: what is left of SQS's 12 hours since its receive.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task<bool> MoveAsync(Message message, string reason, TimeSpan hideFor, CancellationToken cancellationToken)
    {
        var dlq = await FindDeadLetterQueueAsync(cancellationToken).ConfigureAwait(false);
        if (dlq is null)
        {
            WorkerLog.NoDeadLetterQueue(logger, message.MessageId);
            // Not a flat 43200: SQS rejects a visibility that reaches past 12 hours from the receive.
            await sqs.ChangeMessageVisibilityAsync(requestQueueUrl.ToString(), message.ReceiptHandle, VisibilityRenewalPolicy.ToSqsSeconds(hideFor), cancellationToken).ConfigureAwait(false);
            return false;
        }

        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in message.MessageAttributes ?? [])
        {
            // SQS allows 10 attributes; keep room for the reason.
            if (attributes.Count < 9 && name != MessageAttributeNames.DeadLetterReason)
            {
                attributes[name] = value;
            }
        }

        attributes[MessageAttributeNames.DeadLetterReason] = new MessageAttributeValue
        {
            DataType = "String",
            StringValue = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason,
        };
        await sqs.SendMessageAsync(
            new SendMessageRequest { QueueUrl = dlq, MessageBody = string.IsNullOrEmpty(message.Body) ? "(empty)" : message.Body, MessageAttributes = attributes },
            cancellationToken).ConfigureAwait(false);
        // Delete only after the copy is safe in the dead-letter queue: a crash in between leaves a duplicate, never a loss.
        await sqs.DeleteMessageAsync(requestQueueUrl.ToString(), message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<string?> FindDeadLetterQueueAsync(CancellationToken cancellationToken)
    {
        if (_configured is not null)
        {
            return _configured;
        }

        // One lookup shared by all jobs; a failed one is forgotten so that the next message tries again.
        var lookup = _lookup ??= LookUpAsync(cancellationToken);
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

    private async Task<string?> LookUpAsync(CancellationToken cancellationToken) =>
        await DeadLetterQueueResolver.FindAsync(sqs, requestQueueUrl.ToString(), cancellationToken).ConfigureAwait(false);
}
