using Amazon.SQS.Model;
using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Provisioning;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Long-polls the response queue and turns its messages into job events: each is validated, handed to the
/// <see cref="IJobEventReceiver"/> (de-duplicated on its event id, written to the status store, handed to local
/// waiters and watchers), and deleted (in batches).
/// </summary>
/// <remarks>
/// A message that cannot be read as an event is never deleted unseen: it is logged as an error, counted in
/// <c>asyncai.client.messages.malformed</c>, and moved to the dead-letter queue with the reason in the
/// <c>asyncai-dead-letter-reason</c> attribute (sent there first, deleted here after), so that an operator finds it
/// at once instead of after maxReceiveCount redeliveries. Without a dead-letter queue it stays on the queue.
/// A message whose event is valid but could not be handled (the status store failed) stays on the queue and comes
/// back after its visibility timeout.
/// </remarks>
internal sealed class ResponseQueueListener(
    ClientAwsClients aws,
    IOptions<AsyncAiClientOptions> options,
    IJobEventReceiver receiver,
    ClientTelemetry telemetry,
    TimeProvider time,
    ILogger<ResponseQueueListener> logger) : BackgroundService
{
    private const int MaxReasonLength = 500;
    private readonly AsyncAiClientOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.ResponseQueueUrl is null)
        {
            return;
        }

        var queueUrl = _options.ResponseQueueUrl.AbsoluteUri;
        var deadLetterUrl = await FindDeadLetterQueueAsync(queueUrl, stoppingToken).ConfigureAwait(false);
        if (deadLetterUrl is null)
        {
            Log.NoDeadLetterQueue(logger, queueUrl);
        }

        Log.ListenerStarted(logger, queueUrl, deadLetterUrl ?? "(none)");
        while (!stoppingToken.IsCancellationRequested)
        {
            List<Message> messages;
            try
            {
                var response = await aws.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = _options.ListenerMaxMessages,
                    WaitTimeSeconds = (int)_options.ListenerWaitTime.TotalSeconds,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["ApproximateReceiveCount"],
                }, stoppingToken).ConfigureAwait(false);
                messages = response.Messages ?? [];
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ReceiveFailed(logger, ex, queueUrl, _options.ListenerErrorDelay);
                if (!await DelayAsync(_options.ListenerErrorDelay, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            if (messages.Count == 0)
            {
                continue;
            }

            try
            {
                await HandleAsync(queueUrl, deadLetterUrl, messages, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong, the listener must outlive it: unhandled messages come back after their
                // visibility timeout.
                Log.ReceiveFailed(logger, ex, queueUrl, TimeSpan.Zero);
            }
        }
    }

    private async Task HandleAsync(string queueUrl, string? deadLetterUrl, List<Message> messages, CancellationToken stoppingToken)
    {
        var done = new List<Message>(messages.Count);
        foreach (var message in messages)
        {
            EventMessage eventMessage;
            try
            {
                eventMessage = IncomingEventReader.Read(message);
            }
            catch (WireFormatException ex)
            {
                telemetry.MalformedMessages.Add(1);
                if (await DeadLetterAsync(message, deadLetterUrl, ex.Message).ConfigureAwait(false))
                {
                    done.Add(message);
                }

                continue;
            }

            try
            {
                // A duplicate (false) is done with as much as a new event: either way the message is deleted.
                await receiver.ReceiveAsync(eventMessage, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    // Shutting down: the message comes back after its visibility timeout, to this or another instance.
                    break;
                }

                Log.EventHandlingFailed(logger, ex, eventMessage.EventId, eventMessage.Event.JobId);
                continue;
            }

            done.Add(message);
        }

        await DeleteAsync(queueUrl, done).ConfigureAwait(false);
    }

    private async Task<bool> DeadLetterAsync(Message message, string? deadLetterUrl, string reason)
    {
        var messageId = message.MessageId ?? "?";
        if (deadLetterUrl is null)
        {
            var receiveCount = message.Attributes is { } a && a.TryGetValue("ApproximateReceiveCount", out var count) ? count : "?";
            Log.MalformedLeftOnQueue(logger, messageId, reason, receiveCount);
            return false;
        }

        if (reason.Length > MaxReasonLength)
        {
            reason = reason[..MaxReasonLength];
        }

        // SQS allows 10 attributes per message; keep the sender's (they help diagnose it) and make room for the reason.
        var attributes = (message.MessageAttributes ?? [])
            .Where(a => a.Key != MessageAttributeNames.DeadLetterReason)
            .Take(9)
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        attributes[MessageAttributeNames.DeadLetterReason] = new MessageAttributeValue { DataType = "String", StringValue = reason };
        try
        {
            // Not the stopping token: a message half-moved at shutdown would be sent twice rather than lost, but
            // there is no reason to leave it half-moved at all.
            await aws.Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = deadLetterUrl,
                MessageBody = string.IsNullOrEmpty(message.Body) ? "(empty body)" : message.Body,
                MessageAttributes = attributes,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.DeadLetterFailed(logger, ex, messageId);
            return false;
        }

        Log.MalformedMovedToDeadLetter(logger, messageId, reason, deadLetterUrl);
        return true;
    }

    private async Task DeleteAsync(string queueUrl, List<Message> done)
    {
        if (done.Count == 0)
        {
            return;
        }

        try
        {
            var response = await aws.Sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = done.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle }).ToList(),
            }, CancellationToken.None).ConfigureAwait(false);
            foreach (var failure in response.Failed ?? [])
            {
                var index = int.Parse(failure.Id, System.Globalization.CultureInfo.InvariantCulture);
                Log.DeleteFailed(logger, done[index].MessageId ?? "?", failure.Code ?? "?", failure.Message ?? string.Empty);
            }
        }
        catch (Exception ex)
        {
            // Everything here was handled; a redelivery is dropped as a duplicate (or moves nothing backwards).
            Log.DeleteFailed(logger, string.Join(",", done.Select(m => m.MessageId)), ex.GetType().Name, ex.Message);
        }
    }

    private async Task<string?> FindDeadLetterQueueAsync(string queueUrl, CancellationToken stoppingToken)
    {
        if (_options.ResponseDeadLetterQueueUrl is { } configured)
        {
            return configured.AbsoluteUri;
        }

        try
        {
            return await DeadLetterQueueResolver.FindAsync(aws.Sqs, queueUrl, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.ReceiveFailed(logger, ex, queueUrl, TimeSpan.Zero);
            return null;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
