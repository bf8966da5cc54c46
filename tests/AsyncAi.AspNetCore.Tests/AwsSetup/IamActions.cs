using AsyncAi.Aws.Provisioning;

namespace AsyncAi.AspNetCore.Tests.AwsSetup;

/// <summary>
/// Which IAM action and which template resource a recorded AWS request needs: SQS from its JSON-protocol target
/// and queue URL, S3 from its method, key and query (per the S3 authorization reference); an object is
/// <c>JobBucket/{key}</c>.
/// </summary>
internal static class IamActions
{
    public static IEnumerable<(string Action, string Resource)> For(RecordedCall call, AsyncAiResources resources)
    {
        if (call.Target is { } target)
        {
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            var body = JsonDocument.Parse(call.Body!).RootElement;
            var queue = body.TryGetProperty("QueueUrl", out var url) ? Queue(url.GetString()!, resources)
                : body.TryGetProperty("QueueName", out var name) ? QueueByName(name.GetString()!, resources)
                : "NoQueue";
            var action = "sqs:" + operation.Replace("Batch", string.Empty, StringComparison.Ordinal);
            yield return (action, queue);
            yield break;
        }

        // Path style: /{bucket}/{key}
        var path = Uri.UnescapeDataString(call.Url.AbsolutePath).TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var key = slash < 0 ? string.Empty : path[(slash + 1)..];
        var query = call.Url.Query;
        if (key.Length == 0)
        {
            // A multi-object delete names its keys in the body, which is not recorded: the code makes none, and one it
            // starts to make fails the coverage test here rather than pass unchecked.
            yield return call.Method == "POST" && query.Contains("delete", StringComparison.Ordinal)
                ? ("s3:DeleteObject (multi-object delete, keys not recorded)", "JobBucket")
                : ("s3:ListBucket", "JobBucket");
            yield break;
        }

        var resource = "JobBucket/" + key;
        yield return (call.Method, query) switch
        {
            ("GET" or "HEAD", _) => ("s3:GetObject", resource),
            ("DELETE", var q) when q.Contains("uploadId", StringComparison.Ordinal) => ("s3:AbortMultipartUpload", resource),
            ("DELETE", _) => ("s3:DeleteObject", resource),
            ("PUT" or "POST", _) => ("s3:PutObject", resource),
            _ => ("unknown:" + call.Method, resource),
        };
        if (call.IsCopy)
        {
            yield return ("s3:GetObject", resource);
        }
    }

    private static string QueueByName(string name, AsyncAiResources resources) =>
        Queue(new[] { resources.RequestQueueUrl, resources.RequestDeadLetterQueueUrl, resources.ResponseQueueUrl, resources.ResponseDeadLetterQueueUrl }
            .FirstOrDefault(u => u is not null && u.AbsolutePath.EndsWith("/" + name, StringComparison.Ordinal))?.ToString() ?? name, resources);

    private static string Queue(string url, AsyncAiResources resources) =>
        url == resources.RequestQueueUrl.ToString() ? "RequestQueue"
        : url == resources.RequestDeadLetterQueueUrl.ToString() ? "RequestDeadLetterQueue"
        : url == resources.ResponseQueueUrl?.ToString() ? "ResponseQueue"
        : url == resources.ResponseDeadLetterQueueUrl?.ToString() ? "ResponseDeadLetterQueue"
        : "UnknownQueue:" + url;
}
