using Amazon.SQS;
using Amazon.SQS.Model;

namespace AsyncAi.Testing.Emulator;

/// <summary>What tests do with a queue by hand, as any other producer or consumer could: send raw, receive, drain.</summary>
public static class QueueMessages
{
    /// <summary>Sends a raw body with string attributes.</summary>
    /// <param name="sqs">The client.</param>
    /// <param name="queue">The queue URL.</param>
    /// <param name="body">The body, sent as is.</param>
    /// <param name="attributes">String message attributes; may be null.</param>
    /// <returns>SQS's answer.</returns>
    public static Task<SendMessageResponse> SendRawAsync(this IAmazonSQS sqs, Uri queue, string body, IReadOnlyDictionary<string, string>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(queue);
        return sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queue.AbsoluteUri,
            MessageBody = body,
            MessageAttributes = (attributes ?? new Dictionary<string, string>()).ToDictionary(
                a => a.Key,
                a => new MessageAttributeValue { DataType = "String", StringValue = a.Value },
                StringComparer.Ordinal),
        });
    }

    /// <summary>Long-polls until a message arrives (leaving it on the queue, hidden), with its message attributes.</summary>
    /// <param name="sqs">The client.</param>
    /// <param name="queue">The queue URL.</param>
    /// <param name="timeout">How long to wait before failing with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The first message received.</returns>
    public static async Task<Message> ReceiveFirstAsync(this IAmazonSQS sqs, Uri queue, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(queue);
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var received = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queue.ToString(), WaitTimeSeconds = 1, MessageAttributeNames = ["All"] },
                cancellation.Token).ConfigureAwait(false);
            if (received.Messages is [var message, ..])
            {
                return message;
            }
        }
    }

    /// <summary>Receives until <paramref name="count"/> messages arrived (deleting each) or the time is up.</summary>
    /// <param name="sqs">The client.</param>
    /// <param name="queue">The queue URL.</param>
    /// <param name="count">How many messages to wait for.</param>
    /// <param name="timeout">How long to keep receiving.</param>
    /// <returns>The messages received, with all message and system attributes; fewer than asked if the time ran out.</returns>
    public static async Task<List<Message>> DrainAsync(this IAmazonSQS sqs, Uri queue, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(queue);
        var received = new List<Message>();
        var end = DateTime.UtcNow + timeout;
        while (received.Count < count && DateTime.UtcNow < end)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue.AbsoluteUri,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            }).ConfigureAwait(false);
            foreach (var message in response.Messages ?? [])
            {
                received.Add(message);
                await sqs.DeleteMessageAsync(queue.AbsoluteUri, message.ReceiptHandle).ConfigureAwait(false);
            }
        }

        return received;
    }
}
