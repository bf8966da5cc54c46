using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>
/// From the moment an order's job is durable to the moment a consumer long-polling the queue receives it, one job
/// at a time with a pause between (no batch to join): through the outbox, from the commit's return; the two-act way,
/// from the start of the publish call after the order's commit.
/// </summary>
internal static class CommitLatencyRun
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    public static async Task<(List<double> OutboxMs, List<double> DirectMs)> RunAsync(BenchmarkStage stage, string database, OutboxBenchmarkSettings settings) =>
        (await PassAsync(stage, database, settings.LatencyJobs, throughOutbox: true), await PassAsync(stage, database, settings.LatencyJobs, throughOutbox: false));

    private static async Task<List<double>> PassAsync(BenchmarkStage stage, string database, int jobs, bool throughOutbox)
    {
        await using var backend = await stage.StartBackendAsync(database);
        using var sqs = stage.Emulator.CreateSqsClient();
        var received = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(() => ConsumeAsync(sqs, backend.QueueUrl, received, stop.Token));

        var durable = new Dictionary<string, long>();
        for (var n = 0; n < jobs; n++)
        {
            if (throughOutbox)
            {
                var id = await backend.OrderThroughOutboxAsync(n);
                durable[id.Value] = Stopwatch.GetTimestamp();
            }
            else
            {
                long start = 0;
                var id = await backend.OrderThenPublishAsync(n, () => start = Stopwatch.GetTimestamp());
                durable[id.Value] = start;
            }

            await Task.Delay(Pause);
        }

        var end = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (received.Count < jobs && DateTime.UtcNow < end)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        try
        {
            await consumer;
        }
        catch (OperationCanceledException)
        {
            // The consumer was told to stop.
        }

        if (received.Count < jobs)
        {
            throw new TimeoutException($"Only {received.Count} of {jobs} jobs reached the queue.");
        }

        return [.. durable.Select(d => Stopwatch.GetElapsedTime(d.Value, received[d.Key]).TotalMilliseconds)];
    }

    private static async Task ConsumeAsync(IAmazonSQS sqs, string queue, ConcurrentDictionary<string, long> received, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 600 }, cancellationToken);
            var at = Stopwatch.GetTimestamp();
            foreach (var message in response.Messages ?? [])
            {
                received.TryAdd(JobWireFormat.DeserializeJob(message.Body).JobId.Value, at);
            }
        }
    }
}
