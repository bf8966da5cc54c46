using Amazon.SQS;
using System.Collections.Concurrent;
using AsyncAi.Aws.Sqs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Aws.Tests.Sqs;

/// <summary>One receive loop over several lanes (request queues), against the emulator.</summary>
public sealed class ReceiveLanesTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task With_the_bulk_lane_full_a_high_lane_message_is_taken_by_the_next_receive()
    {
        using var sqs = Emulator.CreateSqsClient();
        var high = await CreateQueueAsync(sqs, "high");
        var bulk = await CreateQueueAsync(sqs, "bulk");
        await SendAsync(sqs, bulk, "bulk", 30);
        await SendAsync(sqs, high, "high", 1);

        // One slot, strict priority: every freed slot asks the high lane first.
        var dispatched = new ConcurrentQueue<(string Body, int Lane)>();
        var slots = new ReceiveSlots(1);
        var settings = new SqsReceiveSettings
        {
            QueueUrl = high,
            Lanes = [high, bulk],
            LaneWeights = LaneWeights.ForStrictPriority(2, 0.05),
            LoopCount = 1,
            MaxBatch = 1,
            WaitTime = TimeSpan.FromSeconds(1),
        };
        using var stop = new CancellationTokenSource();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new SqsReceiveLoop(sqs, settings, slots, new ReceiveStatus(), (message, _, lane) =>
        {
            dispatched.Enqueue((message.Body, lane));
            if (dispatched.Count == 3)
            {
                done.TrySetResult();
            }

            slots.Release(1);
        }, TimeProvider.System, NullLogger.Instance);

        var running = loop.RunAsync(stop.Token);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        var first = dispatched.First();
        Assert.Equal(("high", 0), first);
        Assert.All(dispatched.Skip(1), d => Assert.Equal(("bulk", 1), d));
    }

    [Fact]
    public async Task An_idle_consumer_long_polls_every_lane_so_a_message_on_the_lowest_lane_is_taken_at_once()
    {
        using var sqs = Emulator.CreateSqsClient();
        var lanes = new[] { await CreateQueueAsync(sqs, "a"), await CreateQueueAsync(sqs, "b"), await CreateQueueAsync(sqs, "c") };
        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new SqsReceiveSettings { QueueUrl = lanes[0], Lanes = lanes, LaneWeights = [8, 3, 1], LoopCount = 3, MaxBatch = 1, WaitTime = TimeSpan.FromSeconds(20) };
        using var stop = new CancellationTokenSource();
        var loop = new SqsReceiveLoop(sqs, settings, new ReceiveSlots(3), new ReceiveStatus(), (_, _, lane) => arrived.TrySetResult(lane), TimeProvider.System, NullLogger.Instance);
        var running = loop.RunAsync(stop.Token);

        // Let every loop find its lanes empty and settle into its long poll; a message then ends one of them at once.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await SendAsync(sqs, lanes[2], "low", 1);

        // Well inside the 20 s long poll of a loop that was waiting on another lane.
        Assert.Equal(2, await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await stop.CancelAsync();
        await running;
    }

    private static async Task<string> CreateQueueAsync(IAmazonSQS sqs, string lane) =>
        (await sqs.CreateQueueAsync(FauxqsEmulator.UniqueName("lane-" + lane))).QueueUrl;

    private static async Task SendAsync(IAmazonSQS sqs, string queue, string body, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await sqs.SendMessageAsync(queue, body);
        }
    }
}
