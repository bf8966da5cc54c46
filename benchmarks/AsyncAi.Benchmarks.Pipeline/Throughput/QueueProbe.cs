using Amazon.SQS;
using Amazon.SQS.Model;

namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// The end of a timed pass, the same for both sides: the first moment, after the side's own count reached N,
/// at which the request queue holds no message, neither visible nor in flight (so every job's completion was sent
/// and its message deleted). Polled every 2 ms with an uncounted client.
/// </summary>
internal static class QueueProbe
{
    private static readonly List<string> Counts = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"];

    public static async Task WaitUntilEmptyAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken)
    {
        while (true)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = Counts }, cancellationToken);
            if (Counts.All(name => attributes.Attributes.TryGetValue(name, out var value) && value == "0"))
            {
                return;
            }

            await Task.Delay(2, cancellationToken);
        }
    }

    public static async Task<long> CountAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }, cancellationToken);
        return attributes.Attributes.Values.Sum(long.Parse);
    }
}
