using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// The one SQS consumer loop of both roles: each loop reserves free slots, long-polls for at most that many
/// messages, and hands every message to the dispatcher (with the index of the lane it came from), which owns one slot
/// per message until it releases it. A failed receive backs off per loop (doubling, capped by
/// <see cref="SqsReceiveSettings.MaxErrorDelay"/>), so one loop's errors do not keep the others idle, and the loop
/// never dies.
/// </summary>
/// <remarks>
/// With priority lanes (<see cref="SqsReceiveSettings.Lanes"/>) a receive asks the lane <see cref="LaneWeights"/>
/// picks first and then the others by priority, each without waiting, and takes the first lane that has messages; only
/// when every lane is empty does the loop long-poll, on its own lane. So a freed slot goes to the highest lane with
/// work (or the weights' pick), a busy low lane cannot hold back a high one for more than one receive, and an idle
/// worker makes no more calls than one long poll per loop.
/// </remarks>
internal sealed partial class SqsReceiveLoop(
    IAmazonSQS sqs,
    SqsReceiveSettings settings,
    ReceiveSlots slots,
    ReceiveStatus status,
    Action<Message, DateTimeOffset, int> dispatch,
    TimeProvider time,
    ILogger logger,
    Func<CancellationToken, Task>? waitWhilePaused = null)
{
    private readonly IReadOnlyList<string> _queues = settings.Queues;
    private readonly Lock _turnGate = new();
    private readonly long[] _turns = new long[settings.Queues.Count];
    private readonly int[] _weights = settings.LaneWeights.Count == settings.Queues.Count ? [.. settings.LaneWeights] : [.. settings.Queues.Select(_ => 1)];

    /// <summary>Runs <see cref="SqsReceiveSettings.LoopCount"/> loops until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.LoopCount).Select(i => Task.Run(() => LoopAsync(i, cancellationToken), CancellationToken.None)));

    private async Task LoopAsync(int index, CancellationToken cancellationToken)
    {
        status.LoopStarted();
        var errors = 0;
        var requests = _queues.Select(queue => new ReceiveMessageRequest
        {
            QueueUrl = queue,
            VisibilityTimeout = settings.VisibilityTimeout is { } visibility ? SqsLimits.ToVisibilitySeconds(visibility) : null,
            MessageSystemAttributeNames = [.. settings.SystemAttributes],
            MessageAttributeNames = ["All"],
        }).ToArray();
        var home = index % requests.Length;
        var longPoll = (int)settings.WaitTime.TotalSeconds;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var reserved = 0;
                var lane = home;
                try
                {
                    if (waitWhilePaused is not null)
                    {
                        await waitWhilePaused(cancellationToken).ConfigureAwait(false);
                    }

                    reserved = await slots.ReserveAsync(settings.MinBatch, settings.MaxBatch, cancellationToken).ConfigureAwait(false);
                    var received = 0;
                    if (requests.Length > 1)
                    {
                        // The weights' pick first, then the rest by priority; none waits, so an empty lane costs one call.
                        var first = NextFirstLane();
                        for (var i = -1; i < requests.Length && received == 0; i++)
                        {
                            lane = i < 0 ? first : i;
                            if (i < 0 || i != first)
                            {
                                received = await ReceiveAsync(requests[lane], lane, reserved, waitSeconds: 0, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }

                    if (received == 0)
                    {
                        lane = home;
                        received = await ReceiveAsync(requests[home], home, reserved, longPoll, cancellationToken).ConfigureAwait(false);
                    }

                    errors = 0;
                    slots.Release(reserved - received);
                    reserved = 0;
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
                    LogReceiveFailed(logger, ex, _queues[lane], errors, delay);
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

    /// <summary>One receive call; dispatches what it got and says how many.</summary>
    private async Task<int> ReceiveAsync(ReceiveMessageRequest request, int lane, int reserved, int waitSeconds, CancellationToken cancellationToken)
    {
        request.MaxNumberOfMessages = reserved;
        request.WaitTimeSeconds = waitSeconds;

        // SQS starts a message's visibility clock when it answers, a network trip (and, on a busy machine, the
        // response's parsing) before the answer is in hand here. The instant the call was made is never later than
        // that, so renewals planned from it are never late because of the trip.
        var askedAt = time.GetUtcNow();
        var response = await sqs.ReceiveMessageAsync(request, cancellationToken).ConfigureAwait(false);
        status.Succeeded(time.GetUtcNow());
        if (response.Messages is not { Count: > 0 } messages)
        {
            return 0;
        }

        foreach (var message in messages)
        {
            dispatch(message, askedAt, lane);
        }

        return messages.Count;
    }

    private int NextFirstLane()
    {
        lock (_turnGate)
        {
            return LaneWeights.Next(_turns, _weights);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Receiving from {Queue} failed ({Errors} in a row); trying again in {Delay}")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue, int errors, TimeSpan delay);
}
