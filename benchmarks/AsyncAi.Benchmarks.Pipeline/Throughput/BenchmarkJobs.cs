using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// No-op jobs in AsyncAi's wire format (the body and the attributes the client's publisher sends), and the
/// pre-publishing of a pass's jobs before its clock starts.
/// </summary>
internal static class BenchmarkJobs
{
    public const string JobType = "noop";

    /// <summary>A job message as <c>IJobPublisher</c> makes it: id, type, time, output prefix under the bucket.</summary>
    public static JobMessage Create(string bucket, DateTimeOffset now)
    {
        var id = JobId.New();
        return new JobMessage
        {
            JobId = id,
            JobType = JobType,
            CreatedAt = now,
            OutputPrefix = new ObjectReference(bucket, JobStorageLayout.JobPrefix("jobs/", id, owner: null)),
        };
    }

    /// <summary>The message attributes AsyncAi puts on a job message.</summary>
    public static Dictionary<string, MessageAttributeValue> Attributes(JobMessage job) => new(StringComparer.Ordinal)
    {
        [MessageAttributeNames.WireVersion] = Text(JobWireFormat.CurrentVersion.ToString(CultureInfo.InvariantCulture)),
        [MessageAttributeNames.BodyKind] = Text(BodyKinds.Job),
        [MessageAttributeNames.JobId] = Text(job.JobId.Value),
        [MessageAttributeNames.JobType] = Text(job.JobType),
    };

    /// <summary>Puts <paramref name="count"/> jobs on the queue in batches of 10, a few calls at a time (untimed).</summary>
    public static async Task PublishAsync(IAmazonSQS sqs, string queueUrl, string bucket, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var batches = Enumerable.Range(0, count).Chunk(10).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (batch, token) =>
        {
            var entries = batch.Select((_, i) =>
            {
                var job = Create(bucket, now);
                return new SendMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), MessageBody = JobWireFormat.Serialize(job), MessageAttributes = Attributes(job) };
            }).ToList();
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, token);
            if (response.Failed is { Count: > 0 } failed)
            {
                throw new InvalidOperationException($"Pre-publishing failed: {failed[0].Code} {failed[0].Message}");
            }
        });
    }

    private static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };
}
