using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Benchmarks.Pipeline.Measuring;
using AsyncAi.WireFormat;

namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// The raw AWS SDK loop: the minimal calls a job needs, with nothing else. Each of ceil((c + prefetch) / 10) loops
/// receives up to 10 messages (long poll, the same attributes the worker asks for), sends one completion per message
/// in one SendMessageBatch, then deletes them in one DeleteMessageBatch. Same clock as the worker's pass.
/// </summary>
internal static class RawPass
{
    public static async Task<PassMeasurement> RunAsync(BenchmarkContext context, ThroughputScenario scenario, int jobs, CancellationToken cancellationToken)
    {
        var (requestQueue, responseQueue) = await context.CreateQueuesAsync(cancellationToken);
        try
        {
            await BenchmarkJobs.PublishAsync(context.PlainSqs, requestQueue, context.Bucket, jobs, cancellationToken);
            var counter = new JobCounter(jobs);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var meter = context.NewMeter();
            WorkerPass.Settle();
            meter.Start();
            var loops = Enumerable.Range(0, scenario.ReceiveLoops)
                .Select(_ => Task.Run(() => LoopAsync(context.Aws.Sqs, requestQueue, responseQueue, counter, stop.Token), CancellationToken.None))
                .ToList();
            await counter.Reached.WaitAsync(context.PassTimeout, cancellationToken);
            await QueueProbe.WaitUntilEmptyAsync(context.PlainSqs, requestQueue, cancellationToken);
            var measurement = meter.Stop(jobs);
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            return measurement;
        }
        finally
        {
            await context.DeleteQueuesAsync(requestQueue, responseQueue);
        }
    }

    /// <summary>One raw consumer loop, until cancelled.</summary>
    public static async Task LoopAsync(IAmazonSQS sqs, string requestQueue, string responseQueue, JobCounter? counter, CancellationToken cancellationToken, Action<Message>? received = null)
    {
        var receive = new ReceiveMessageRequest
        {
            QueueUrl = requestQueue,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 20,
            VisibilityTimeout = 30,
            MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
            MessageAttributeNames = ["All"],
        };
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
                    received?.Invoke(message);
                }

                await sqs.SendMessageBatchAsync(
                    new SendMessageBatchRequest { QueueUrl = responseQueue, Entries = [.. messages.Select((m, i) => new SendMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), MessageBody = CompletionBody(m) })] },
                    cancellationToken);
                await sqs.DeleteMessageBatchAsync(
                    new DeleteMessageBatchRequest { QueueUrl = requestQueue, Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle })] },
                    cancellationToken);
                counter?.Add(messages.Count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A minimal completion: the job id (from its attribute, so the body is not parsed) and a status.</summary>
    private static string CompletionBody(Message message) =>
        "{\"jobId\":\"" + (message.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.JobId)?.StringValue ?? message.MessageId) + "\",\"status\":\"succeeded\"}";
}
