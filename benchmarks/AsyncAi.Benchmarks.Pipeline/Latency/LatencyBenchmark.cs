using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Benchmarks.Pipeline.Report;
using AsyncAi.Benchmarks.Pipeline.Throughput;
using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Benchmarks.Pipeline.Latency;

/// <summary>
/// Idle latency, one job at a time: from the publish call to the handler's start, and to the completion seen by
/// the producer. AsyncAi: <c>IJobPublisher.PublishAsync</c>, the worker (concurrency 16), and
/// <c>IJobEvents.WaitForCompletionAsync</c> fed by the client's response-queue listener. Raw: SendMessage, a raw
/// consumer loop (receive, completion SendMessageBatch, DeleteMessageBatch), and a raw long-polling listener on the
/// response queue.
/// </summary>
internal static class LatencyBenchmark
{
    private const int WarmupJobs = 20;

    public static async Task<LatencyResult> RunWorkerAsync(BenchmarkContext context, bool records, int jobs, CancellationToken cancellationToken)
    {
        var (requestQueue, responseQueue) = await context.CreateQueuesAsync(cancellationToken);
        var starts = new ConcurrentDictionary<JobId, long>();
        try
        {
            using var worker = WorkerHost.Build(context.Aws, new Uri(requestQueue), new Uri(responseQueue), context.Bucket, records, concurrency: 16, prefetch: 0, builder =>
                builder.AddJobHandler(BenchmarkJobs.JobType, _ => new StartRecordingHandler(starts)));
            using var client = BuildClient(context, new Uri(requestQueue), new Uri(responseQueue));
            await worker.StartAsync(cancellationToken);
            await client.StartAsync(cancellationToken);
            var publisher = client.Services.GetRequiredService<IJobPublisher>();
            var events = client.Services.GetRequiredService<IJobEvents>();

            var toStart = new List<double>();
            var toCompletion = new List<double>();
            for (var i = 0; i < WarmupJobs + jobs; i++)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var t0 = Stopwatch.GetTimestamp();
                var published = await publisher.PublishAsync(new JobRequest(BenchmarkJobs.JobType), timeout.Token);
                await events.WaitForCompletionAsync(published.JobId, timeout.Token);
                var t2 = Stopwatch.GetTimestamp();
                if (i >= WarmupJobs)
                {
                    toStart.Add(Stopwatch.GetElapsedTime(t0, starts[published.JobId]).TotalMilliseconds);
                    toCompletion.Add(Stopwatch.GetElapsedTime(t0, t2).TotalMilliseconds);
                }
            }

            await client.StopAsync(cancellationToken);
            await worker.StopAsync(cancellationToken);
            return new LatencyResult("worker", records, jobs, Percentiles.Of(toStart), Percentiles.Of(toCompletion));
        }
        finally
        {
            await context.DeleteQueuesAsync(requestQueue, responseQueue);
        }
    }

    public static async Task<LatencyResult> RunRawAsync(BenchmarkContext context, int jobs, CancellationToken cancellationToken)
    {
        var (requestQueue, responseQueue) = await context.CreateQueuesAsync(cancellationToken);
        var starts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var waiters = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sqs = context.Aws.Sqs;
        var consumer = Task.Run(
            () => RawPass.LoopAsync(sqs, requestQueue, responseQueue, null, stop.Token, m => starts[m.MessageAttributes[MessageAttributeNames.JobId].StringValue] = Stopwatch.GetTimestamp()),
            CancellationToken.None);
        var listener = Task.Run(() => ListenAsync(sqs, responseQueue, waiters, stop.Token), CancellationToken.None);
        try
        {
            var toStart = new List<double>();
            var toCompletion = new List<double>();
            for (var i = 0; i < WarmupJobs + jobs; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var job = BenchmarkJobs.Create(context.Bucket, DateTimeOffset.UtcNow);
                var done = waiters.GetOrAdd(job.JobId.Value, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = requestQueue, MessageBody = JobWireFormat.Serialize(job), MessageAttributes = BenchmarkJobs.Attributes(job) }, cancellationToken);
                await done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                var t2 = Stopwatch.GetTimestamp();
                if (i >= WarmupJobs)
                {
                    toStart.Add(Stopwatch.GetElapsedTime(t0, starts[job.JobId.Value]).TotalMilliseconds);
                    toCompletion.Add(Stopwatch.GetElapsedTime(t0, t2).TotalMilliseconds);
                }
            }

            return new LatencyResult("raw", false, jobs, Percentiles.Of(toStart), Percentiles.Of(toCompletion));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(consumer, listener);
            await context.DeleteQueuesAsync(requestQueue, responseQueue);
        }
    }

    private static IHost BuildClient(BenchmarkContext context, Uri requestQueue, Uri responseQueue)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IAmazonSQS>(context.Aws.Sqs);
        builder.Services.AddSingleton<IAmazonS3>(context.Aws.S3);
        builder.Services.AddAsyncAiClient(options =>
        {
            options.RequestQueueUrl = requestQueue;
            options.ResponseQueueUrl = responseQueue;
            options.Bucket = context.Bucket;
        });
        return builder.Build();
    }

    /// <summary>The raw producer's listener: long-polls the response queue, wakes the waiter of each completion, deletes.</summary>
    private static async Task ListenAsync(IAmazonSQS sqs, string responseQueue, ConcurrentDictionary<string, TaskCompletionSource> waiters, CancellationToken cancellationToken)
    {
        var receive = new ReceiveMessageRequest { QueueUrl = responseQueue, MaxNumberOfMessages = 10, WaitTimeSeconds = 20 };
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var messages = (await sqs.ReceiveMessageAsync(receive, cancellationToken)).Messages ?? [];
                if (messages.Count == 0)
                {
                    continue;
                }

                foreach (var message in messages)
                {
                    using var body = JsonDocument.Parse(message.Body);
                    var jobId = body.RootElement.GetProperty("jobId").GetString()!;
                    waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }

                await sqs.DeleteMessageBatchAsync(
                    new DeleteMessageBatchRequest { QueueUrl = responseQueue, Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle })] },
                    cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Notes when each job's handler started.</summary>
    private sealed class StartRecordingHandler(ConcurrentDictionary<JobId, long> starts) : IJobHandler
    {
        public Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
        {
            starts[context.JobId] = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        }
    }
}
