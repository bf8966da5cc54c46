using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// The one SQS consumer loop of both roles: each loop reserves free slots, long-polls for at most that many
/// messages, and hands every message to the dispatcher, which owns one slot per message until it releases it.
/// A failed receive backs off per loop (doubling, capped by <see cref="SqsReceiveSettings.MaxErrorDelay"/>), so one
/// loop's errors do not keep the others idle, and the loop never dies.
/// </summary>
internal sealed partial class SqsReceiveLoop(
    IAmazonSQS sqs,
    SqsReceiveSettings settings,
    ReceiveSlots slots,
    ReceiveStatus status,
    Action<Message, DateTimeOffset> dispatch,
    TimeProvider time,
    ILogger logger,
    Func<CancellationToken, Task>? waitWhilePaused = null)
{
    /// <summary>Runs <see cref="SqsReceiveSettings.LoopCount"/> loops until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.LoopCount).Select(_ => Task.Run(() => LoopAsync(cancellationToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        status.LoopStarted();
        var errors = 0;
        var request = new ReceiveMessageRequest
        {
            QueueUrl = settings.QueueUrl,
            WaitTimeSeconds = (int)settings.WaitTime.TotalSeconds,
            VisibilityTimeout = settings.VisibilityTimeout is { } visibility ? SqsLimits.ToVisibilitySeconds(visibility) : null,
            MessageSystemAttributeNames = [.. settings.SystemAttributes],
            MessageAttributeNames = ["All"],
        };
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var reserved = 0;
                try
                {
                    if (waitWhilePaused is not null)
                    {
                        await waitWhilePaused(cancellationToken).ConfigureAwait(false);
                    }

                    reserved = await slots.ReserveAsync(settings.MinBatch, SqsLimits.MaxReceiveMessages, cancellationToken).ConfigureAwait(false);
                    request.MaxNumberOfMessages = reserved;

                    // SQS starts a message's visibility clock when it answers, a network trip (and, on a busy
                    // machine, the response's parsing) before the answer is in hand here. The instant the call was
                    // made is never later than that, so renewals planned from it are never late because of the trip.
                    var askedAt = time.GetUtcNow();
                    var response = await sqs.ReceiveMessageAsync(request, cancellationToken).ConfigureAwait(false);
                    var messages = response.Messages ?? [];
                    status.Succeeded(time.GetUtcNow());
                    errors = 0;
                    slots.Release(reserved - messages.Count);
                    reserved = 0;
                    foreach (var message in messages)
                    {
                        dispatch(message, askedAt);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    slots.Release(reserved);
                    return;
                }
#pragma warning disable CA1031 // The loop never dies: log, back off, try again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    slots.Release(reserved);
                    status.Failed(ex);
                    var delay = settings.ErrorDelay(++errors);
                    LogReceiveFailed(logger, ex, settings.QueueUrl, errors, delay);
                    try
                    {
                        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            status.LoopStopped();
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Receiving from {Queue} failed ({Errors} in a row); trying again in {Delay}")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue, int errors, TimeSpan delay);
}
