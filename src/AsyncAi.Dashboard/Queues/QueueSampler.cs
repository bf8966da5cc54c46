using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Aws.Provisioning;
using AsyncAi.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Dashboard;

/// <summary>
/// The one sampler of queue depths: every <see cref="AsyncAiDashboardOptions.SampleInterval"/>, one
/// <c>GetQueueAttributes</c> per queue (depth, ARN and RedrivePolicy in the same call), whatever the number of viewers;
/// viewers read what it kept. A dead-letter queue named in a RedrivePolicy costs one <c>GetQueueUrl</c>, once.
/// </summary>
internal sealed partial class QueueSampler(
    ClientAwsClients aws,
    DashboardQueues queues,
    DashboardChanges changes,
    IOptions<AsyncAiDashboardOptions> options,
    TimeProvider time,
    ILogger<QueueSampler> logger) : BackgroundService
{
    private static readonly List<string> AttributeNames =
    [
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "QueueArn", "RedrivePolicy",
    ];

    private long _rounds;

    /// <summary>How many sampling rounds have completed (for tests: SQS calls per round).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        try
        {
            do
            {
                await SampleOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>One round: every queue once, in parallel, then one notification to every viewer.</summary>
    internal async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(queues.All.Select(q => SampleAsync(q, cancellationToken))).ConfigureAwait(false);
        Interlocked.Increment(ref _rounds);
        changes.Notify();
    }

    private async Task SampleAsync(DashboardQueue queue, CancellationToken cancellationToken)
    {
        try
        {
            var response = await aws.Sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = queue.Url.AbsoluteUri, AttributeNames = AttributeNames },
                cancellationToken).ConfigureAwait(false);
            var attributes = response.Attributes ?? [];
            queue.Arn = attributes.GetValueOrDefault("QueueArn") ?? queue.Arn;
            queue.Add(new QueueSample(time.GetUtcNow(), Count(attributes, AttributeNames[0]), Count(attributes, AttributeNames[1]), Count(attributes, AttributeNames[2])));
            if (!queue.IsDeadLetterQueue
                && queues.NeedsDeadLetterQueue(queue.Key)
                && attributes.GetValueOrDefault("RedrivePolicy") is { Length: > 0 } policy
                && DeadLetterQueueResolver.ReadTargetArn(policy) is { } arn
                && arn.Split(':') is { Length: >= 6 } parts)
            {
                var url = await aws.Sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = parts[5], QueueOwnerAWSAccountId = parts[4] }, cancellationToken).ConfigureAwait(false);
                queues.AddDeadLetterQueue(queue.Key, new Uri(url.QueueUrl));
            }
        }
        catch (Exception ex) when (ex is AmazonSQSException or HttpRequestException or Amazon.Runtime.AmazonClientException && !cancellationToken.IsCancellationRequested)
        {
            queue.Fail(ex.Message);
            LogSampleFailed(logger, queue.Url.AbsoluteUri, ex);
        }
    }

    private static long Count(Dictionary<string, string> attributes, string name) =>
        attributes.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "The dashboard could not read the depth of {Queue}")]
    private static partial void LogSampleFailed(ILogger logger, string queue, Exception exception);
}
