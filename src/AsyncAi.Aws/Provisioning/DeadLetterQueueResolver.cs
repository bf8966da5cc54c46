using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace AsyncAi.Aws.Provisioning;

/// <summary>Finds a queue's dead-letter queue from its RedrivePolicy, so that poison messages can be moved there with a reason.</summary>
internal static class DeadLetterQueueResolver
{
    /// <summary>The URL of the queue's dead-letter queue, or <see langword="null"/> when it has no redrive policy.</summary>
    public static async Task<string?> FindAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["RedrivePolicy"],
        }, cancellationToken).ConfigureAwait(false);

        if (response.Attributes is null || !response.Attributes.TryGetValue("RedrivePolicy", out var policy) || string.IsNullOrWhiteSpace(policy))
        {
            return null;
        }

        var arn = ReadTargetArn(policy);
        if (arn is null)
        {
            return null;
        }

        // arn:aws:sqs:{region}:{account}:{name}
        var parts = arn.Split(':');
        if (parts.Length < 6)
        {
            return null;
        }

        var url = await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = parts[5], QueueOwnerAWSAccountId = parts[4] }, cancellationToken).ConfigureAwait(false);
        return url.QueueUrl;
    }

    internal static string? ReadTargetArn(string redrivePolicy)
    {
        try
        {
            using var document = JsonDocument.Parse(redrivePolicy);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("deadLetterTargetArn", out var arn)
                && arn.ValueKind == JsonValueKind.String
                    ? arn.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
