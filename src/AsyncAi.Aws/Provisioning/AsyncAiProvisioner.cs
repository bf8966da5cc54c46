using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace AsyncAi.Aws.Provisioning;

/// <summary>
/// Creates the request and response queues and the priority lanes' request queues (each with a dead-letter queue and
/// a redrive policy) and the bucket, for the local emulator and development accounts. Opt-in: production resources belong in infrastructure code
/// (CloudFormation, CDK, Terraform), where their permissions and alarms are reviewed. Safe to call again: what
/// exists is kept, and the redrive policy and visibility timeout are set to the values asked for.
/// </summary>
public static class AsyncAiProvisioner
{
    /// <summary>Makes sure the queues and the bucket exist.</summary>
    /// <param name="sqs">The SQS client.</param>
    /// <param name="s3">The S3 client.</param>
    /// <param name="names">What to create.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="ArgumentException">A name or setting is invalid.</exception>
    public static async Task<AsyncAiResources> EnsureAsync(IAmazonSQS sqs, IAmazonS3 s3, AsyncAiResourceNames names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentException.ThrowIfNullOrWhiteSpace(names.RequestQueueName, $"{nameof(names)}.{nameof(names.RequestQueueName)}");
        ArgumentException.ThrowIfNullOrWhiteSpace(names.Bucket, $"{nameof(names)}.{nameof(names.Bucket)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(names.MaxReceiveCount, 1, $"{nameof(names)}.{nameof(names.MaxReceiveCount)}");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(names.MaxReceiveCount, 1000, $"{nameof(names)}.{nameof(names.MaxReceiveCount)}");
        CheckQueueName(names.RequestQueueName, names.DeadLetterSuffix, nameof(names.RequestQueueName));
        if (!string.IsNullOrWhiteSpace(names.ResponseQueueName))
        {
            CheckQueueName(names.ResponseQueueName, names.DeadLetterSuffix, nameof(names.ResponseQueueName));
        }

        foreach (var lane in names.Lanes)
        {
            CheckQueueName(LaneQueueName(names, lane), names.DeadLetterSuffix, nameof(names.Lanes));
        }

        var (request, requestDlq) = await EnsureQueueWithDeadLetterAsync(sqs, names.RequestQueueName, names, names.RequestVisibilityTimeout, cancellationToken).ConfigureAwait(false);
        var lanes = new List<AsyncAiLaneQueues>(names.Lanes.Count);
        foreach (var lane in names.Lanes)
        {
            var (queue, deadLetter) = await EnsureQueueWithDeadLetterAsync(sqs, LaneQueueName(names, lane), names, names.RequestVisibilityTimeout, cancellationToken).ConfigureAwait(false);
            lanes.Add(new AsyncAiLaneQueues(lane, new Uri(queue), new Uri(deadLetter)));
        }
        (string Queue, string DeadLetter)? response = null;
        if (!string.IsNullOrWhiteSpace(names.ResponseQueueName))
        {
            response = await EnsureQueueWithDeadLetterAsync(sqs, names.ResponseQueueName, names, visibilityTimeout: null, cancellationToken).ConfigureAwait(false);
        }

        await EnsureBucketAsync(s3, names.Bucket, cancellationToken).ConfigureAwait(false);
        return new AsyncAiResources
        {
            RequestQueueUrl = new Uri(request),
            RequestDeadLetterQueueUrl = new Uri(requestDlq),
            ResponseQueueUrl = response is { } r ? new Uri(r.Queue) : null,
            ResponseDeadLetterQueueUrl = response is { } d ? new Uri(d.DeadLetter) : null,
            Lanes = lanes.Count == 0 ? Array.Empty<AsyncAiLaneQueues>() : lanes,
            Bucket = names.Bucket,
        };
    }

    /// <summary>A lane's request queue: <c>{RequestQueueName}-{lane}</c>.</summary>
    internal static string LaneQueueName(AsyncAiResourceNames names, string lane) => names.RequestQueueName + "-" + lane;

    private static async Task<(string Queue, string DeadLetter)> EnsureQueueWithDeadLetterAsync(
        IAmazonSQS sqs, string queueName, AsyncAiResourceNames names, TimeSpan? visibilityTimeout, CancellationToken cancellationToken)
    {
        var deadLetterUrl = await CreateQueueAsync(sqs, queueName + names.DeadLetterSuffix, cancellationToken).ConfigureAwait(false);
        await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest
        {
            QueueUrl = deadLetterUrl,
            Attributes = new Dictionary<string, string>
            {
                ["MessageRetentionPeriod"] = Seconds(names.DeadLetterRetention),
            },
        }, cancellationToken).ConfigureAwait(false);

        var deadLetterArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = deadLetterUrl,
            AttributeNames = ["QueueArn"],
        }, cancellationToken).ConfigureAwait(false)).QueueARN;

        // Created without attributes, then set: CreateQueue fails when an existing queue has different attributes,
        // and a second run must converge instead of failing.
        var queueUrl = await CreateQueueAsync(sqs, queueName, cancellationToken).ConfigureAwait(false);
        var attributes = new Dictionary<string, string>
        {
            ["RedrivePolicy"] = RedrivePolicy(deadLetterArn, names.MaxReceiveCount),
        };
        if (visibilityTimeout is { } timeout)
        {
            attributes["VisibilityTimeout"] = Seconds(timeout);
        }

        await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = queueUrl, Attributes = attributes }, cancellationToken).ConfigureAwait(false);
        return (queueUrl, deadLetterUrl);
    }

    private static async Task<string> CreateQueueAsync(IAmazonSQS sqs, string name, CancellationToken cancellationToken) =>
        (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name }, cancellationToken).ConfigureAwait(false)).QueueUrl;

    private static async Task EnsureBucketAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, UseClientRegion = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" || ex.StatusCode == HttpStatusCode.Conflict && ex.ErrorCode is not "BucketAlreadyExists")
        {
            // Ours already: nothing to do. "BucketAlreadyExists" (someone else's) is left to fail loudly.
        }
    }

    /// <summary>The RedrivePolicy JSON SQS expects.</summary>
    internal static string RedrivePolicy(string deadLetterArn, int maxReceiveCount)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("deadLetterTargetArn", deadLetterArn);
            writer.WriteString("maxReceiveCount", maxReceiveCount.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    // SQS answers a bad name with a terse InvalidParameterValue; say which setting and why before calling it.
    private static void CheckQueueName(string queueName, string deadLetterSuffix, string setting)
    {
        if (!AsyncAiResourceNames.IsValidQueueName(queueName) || !AsyncAiResourceNames.IsValidQueueName(queueName + deadLetterSuffix))
        {
            throw new ArgumentException(
                $"The queue name '{queueName}' (and its dead-letter queue '{queueName}{deadLetterSuffix}') must be 1-{AsyncAiResourceNames.MaxQueueNameLength} letters, digits, '-' or '_'.",
                $"names.{setting}");
        }
    }
}
