using Amazon.SQS.Model;
using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Sqs;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Long-polls the response queue through the shared SQS consumer loop and turns its messages into job events: each
/// is validated, handed to the <see cref="IJobEventReceiver"/> (de-duplicated on its event id, written to the status
/// store, run through the application's <see cref="IJobEventHandler"/>s, handed to local waiters and watchers), and
/// only then deleted, in batches. A message whose handling failed stays and comes back after its visibility timeout:
/// the at-least-once promise of <see cref="IJobEventHandler"/>.
/// </summary>
/// <remarks>
/// A message that cannot be read as an event is never deleted unseen: it is counted in
/// <c>asyncai.client.messages.malformed</c> and moved to the dead-letter queue with the reason in the
/// <c>asyncai-dead-letter-reason</c> attribute by the same mover the worker uses.
/// </remarks>
internal sealed class ResponseQueueListener(
    ClientAwsClients aws,
    IOptions<AsyncAiClientOptions> options,
    IJobEventReceiver receiver,
    ListenerStatus status,
    ClientTelemetry telemetry,
    TimeProvider time,
    ILogger<ResponseQueueListener> logger) : BackgroundService
{
    private readonly AsyncAiClientOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.ResponseQueueUrl is null)
        {
            return;
        }

        var queueUrl = _options.ResponseQueueUrl.AbsoluteUri;
        var queue = new SqsQueue(aws.Sqs, queueUrl, ex => Log.ReceiveFailed(logger, ex, queueUrl, TimeSpan.Zero));
        await using (queue.ConfigureAwait(false))
        {
            var deadLetters = new DeadLetterMover(aws.Sqs, queue, _options.ResponseDeadLetterQueueUrl?.AbsoluteUri, time, logger);
            var slots = new ReceiveSlots(_options.ListenerMaxMessages);
            var settings = new SqsReceiveSettings
            {
                QueueUrl = queueUrl,
                WaitTime = _options.ListenerWaitTime,
                MaxErrorDelay = _options.ListenerErrorDelay,
                SystemAttributes = ["ApproximateReceiveCount"],
            };
            Log.ListenerStarted(logger, queueUrl, _options.ResponseDeadLetterQueueUrl?.AbsoluteUri ?? "(the queue's redrive policy)");
            var running = new HashSet<Task>();
            var gate = new Lock();
            var loop = new SqsReceiveLoop(
                aws.Sqs,
                settings,
                slots,
                status.Receiving,
                (message, receivedAt, lane) =>
                {
                    var task = HandleAsync(message, receivedAt, queue, deadLetters, slots, stoppingToken);
                    lock (gate)
                    {
                        running.Add(task);
                    }

                    _ = task.ContinueWith(
                        t =>
                        {
                            lock (gate)
                            {
                                running.Remove(t);
                            }
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                },
                time,
                logger);
            await loop.RunAsync(stoppingToken).ConfigureAwait(false);

            Task[] unfinished;
            lock (gate)
            {
                unfinished = [.. running];
            }

            await Task.WhenAll(unfinished).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(Message message, DateTimeOffset receivedAt, SqsQueue queue, DeadLetterMover deadLetters, ReceiveSlots slots, CancellationToken stoppingToken)
    {
        // Off the receive loop's thread: a slow handler must not hold the next receive.
        await Task.Yield();
        try
        {
            EventMessage eventMessage;
            try
            {
                eventMessage = IncomingEventReader.Read(message);
                _ = JobEventReceiver.Checked(eventMessage, options.Value.Bucket!, options.Value.RootPrefix);
            }
            catch (WireFormatException ex)
            {
                telemetry.MalformedMessages.Add(1);
                await deadLetters.MoveAsync(message, receivedAt, ex.Message).ConfigureAwait(false);
                return;
            }

            try
            {
                // A duplicate (false) is done with as much as a new event: either way the message is deleted.
                await receiver.ReceiveAsync(eventMessage, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (stoppingToken.IsCancellationRequested && ex is OperationCanceledException)
            {
                // Shutting down: the message comes back after its visibility timeout, to this or another instance.
                return;
            }
            catch (Exception ex)
            {
                Log.EventHandlingFailed(logger, ex, eventMessage.EventId, eventMessage.Event.JobId);
                return;
            }

            await queue.DeleteAsync(message.ReceiptHandle).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the listener outlives it: an unsettled message comes back after its visibility timeout.
            Log.DeleteFailed(logger, message.MessageId ?? "?", ex.GetType().Name, ex.Message);
        }
        finally
        {
            slots.Release(1);
        }
    }
}
