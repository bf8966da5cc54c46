using Amazon.Runtime;
using Amazon.SQS;
using AsyncAi.Aws.Sqs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Aws.Tests.Sqs;

public sealed class ReceiveTimeTests
{
    [Fact]
    public async Task A_message_is_dispatched_with_the_instant_the_receive_was_asked_for_not_when_its_slow_answer_arrived()
    {
        // SQS hides the message when it answers; a slow answer (network, parsing on a busy machine) arrives later.
        // Renewals planned from the arrival would be late by that much (the slow-link reliability scenario).
        var clock = new SteppedClock(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
        var askedAt = clock.GetUtcNow();
        var sqs = new SlowAnswerSqs(clock, answerTakes: TimeSpan.FromSeconds(3));
        var dispatched = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new SqsReceiveSettings { QueueUrl = "http://127.0.0.1/q", LoopCount = 1 };
        using var stop = new CancellationTokenSource();
        var loop = new SqsReceiveLoop(sqs, settings, new ReceiveSlots(10), new ReceiveStatus(), (_, at, _) => dispatched.TrySetResult(at), clock, NullLogger.Instance);

        var running = loop.RunAsync(stop.Token);
        var receivedAt = await dispatched.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        Assert.Equal(askedAt, receivedAt);
        Assert.Equal(askedAt + TimeSpan.FromSeconds(3), clock.GetUtcNow());
    }

    /// <summary>A wall clock that moves only when told to.</summary>
    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>Answers the first receive with one message after the clock has moved on; later receives wait.</summary>
    private sealed class SlowAnswerSqs(SteppedClock clock, TimeSpan answerTakes) : AmazonSQSClient(
        new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:1" })
    {
        private int _calls;

        public override async Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) > 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            clock.Advance(answerTakes);
            return new ReceiveMessageResponse { Messages = [new Message { MessageId = "m1", ReceiptHandle = "r1", Body = "{}" }] };
        }
    }
}
