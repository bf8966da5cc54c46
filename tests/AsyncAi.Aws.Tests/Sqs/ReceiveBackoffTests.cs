using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Amazon.SQS;
using AsyncAi.Aws.Sqs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Aws.Tests.Sqs;

public sealed class ReceiveBackoffTests
{
    [Fact]
    public void The_error_delay_doubles_from_200_ms_per_failure_in_a_row()
    {
        var settings = new SqsReceiveSettings { QueueUrl = "q", MaxErrorDelay = TimeSpan.FromMinutes(10) };

        Assert.Equal(
            [200, 400, 800, 1600, 3200, 6400],
            Enumerable.Range(1, 6).Select(n => settings.ErrorDelay(n).TotalMilliseconds));
    }

    [Fact]
    public void The_error_delay_is_capped_by_MaxErrorDelay()
    {
        var settings = new SqsReceiveSettings { QueueUrl = "q", MaxErrorDelay = TimeSpan.FromSeconds(1) };

        Assert.Equal(TimeSpan.FromMilliseconds(800), settings.ErrorDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ErrorDelay(4));
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ErrorDelay(1000));
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ErrorDelay(int.MaxValue));
    }

    [Fact]
    public void The_default_cap_lets_a_loop_probe_again_within_five_seconds()
    {
        var settings = new SqsReceiveSettings { QueueUrl = "q" };

        Assert.Equal(TimeSpan.FromSeconds(5), settings.ErrorDelay(100));
    }

    [Fact]
    public async Task One_loop_failing_again_and_again_does_not_delay_another_loop_that_succeeds()
    {
        // Each loop sends its own request object; the first one seen is loop A, which always fails.
        var sqs = new ScriptedSqs(failFirstLoop: true);
        var settings = new SqsReceiveSettings { QueueUrl = "http://127.0.0.1/q", LoopCount = 2, MaxErrorDelay = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource();
        var loop = new SqsReceiveLoop(sqs, settings, new ReceiveSlots(20), new ReceiveStatus(), (_, _, _) => { }, TimeProvider.System, NullLogger.Instance);

        var running = loop.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;

        // A backs off on its own count (about 4 failures: 200+400+800+1600 ms), though B succeeds all along;
        // B polls every ~20 ms throughout (the bound allows for a loaded CI machine).
        Assert.InRange(sqs.FailedCalls, 2, 6);
        Assert.True(sqs.SucceededCalls >= 40, $"The healthy loop should keep receiving, got {sqs.SucceededCalls} receives in 3 s.");
        Assert.True(sqs.LongestGapOfSucceedingLoop < TimeSpan.FromSeconds(1.5), $"The healthy loop waited {sqs.LongestGapOfSucceedingLoop} between receives.");
    }

    [Fact]
    public async Task After_failures_stop_a_loop_receives_again_within_MaxErrorDelay()
    {
        var sqs = new ScriptedSqs(failFirstLoop: false) { FailAll = true };
        var settings = new SqsReceiveSettings { QueueUrl = "http://127.0.0.1/q", LoopCount = 1, MaxErrorDelay = TimeSpan.FromSeconds(1) };
        using var stop = new CancellationTokenSource();
        var loop = new SqsReceiveLoop(sqs, settings, new ReceiveSlots(10), new ReceiveStatus(), (_, _, _) => { }, TimeProvider.System, NullLogger.Instance);

        var running = loop.RunAsync(stop.Token);
        // Long enough for the doubling back-off to reach its cap (200, 400, 800, then 1000 ms).
        await Task.Delay(TimeSpan.FromSeconds(4));
        var outageEnded = Stopwatch.StartNew();
        sqs.FailAll = false;
        await sqs.FirstSuccess.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var backAfter = outageEnded.Elapsed;
        await stop.CancelAsync();
        await running;

        Assert.True(sqs.FailedCalls >= 5, $"Expected the loop to keep probing during the outage, saw {sqs.FailedCalls} calls.");
        Assert.True(backAfter < TimeSpan.FromSeconds(1.5), $"The loop came back {backAfter} after the outage ended.");
    }

    /// <summary>A client that fails the receives of one chosen loop (or all) and answers the others with no messages after a short poll.</summary>
    private sealed class ScriptedSqs(bool failFirstLoop) : AmazonSQSClient(
        new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:1" })
    {
        private readonly Lock _gate = new();
        private readonly ConcurrentDictionary<ReceiveMessageRequest, byte> _loops = new(ReferenceEqualityComparer.Instance);
        private ReceiveMessageRequest? _failing;
        private DateTimeOffset? _lastSuccess;
        private int _failed;
        private int _succeeded;

        public volatile bool FailAll;

        public TaskCompletionSource FirstSuccess { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int FailedCalls => Volatile.Read(ref _failed);

        public int SucceededCalls => Volatile.Read(ref _succeeded);

        public TimeSpan LongestGapOfSucceedingLoop { get; private set; }

        public override async Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
        {
            bool fail;
            lock (_gate)
            {
                if (_loops.TryAdd(request, 0) && failFirstLoop && _failing is null)
                {
                    _failing = request;
                }

                fail = FailAll || ReferenceEquals(request, _failing);
            }

            if (fail)
            {
                Interlocked.Increment(ref _failed);
                throw new AmazonSQSException("service unavailable", ErrorType.Receiver, "ServiceUnavailable", "test", HttpStatusCode.ServiceUnavailable);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            lock (_gate)
            {
                var now = DateTimeOffset.UtcNow;
                if (_lastSuccess is { } last && now - last > LongestGapOfSucceedingLoop)
                {
                    LongestGapOfSucceedingLoop = now - last;
                }

                _lastSuccess = now;
            }

            Interlocked.Increment(ref _succeeded);
            FirstSuccess.TrySetResult();
            return new ReceiveMessageResponse { Messages = [] };
        }
    }
}
