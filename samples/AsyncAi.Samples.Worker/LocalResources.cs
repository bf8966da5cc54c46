using AsyncAi.Aws;
using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Samples.Worker;

/// <summary>
/// Creates the queues and the bucket with the SDK's opt-in provisioning helper and points the worker at them, so
/// that the worker can start before or after the backend against a fresh emulator. Safe to run again.
/// </summary>
internal static class LocalResources
{
    public static async Task ProvisionAsync(IConfigurationManager configuration, WorkerSampleOptions sample)
    {
        var aws = configuration.GetSection("AsyncAi:Worker:Aws").Get<AwsConnectionOptions>() ?? new AwsConnectionOptions();
        var usesWebhook = !string.IsNullOrEmpty(configuration["AsyncAi:Worker:Webhook:Url"]);
        using var sqs = AsyncAiAwsClients.CreateSqs(aws);
        using var s3 = AsyncAiAwsClients.CreateS3(aws);
        var resources = await AsyncAiProvisioner.EnsureAsync(sqs, s3, new AsyncAiResourceNames
        {
            RequestQueueName = sample.RequestQueueName,
            ResponseQueueName = usesWebhook || string.IsNullOrWhiteSpace(sample.ResponseQueueName) ? null : sample.ResponseQueueName,
            Bucket = configuration["AsyncAi:Worker:Bucket"] ?? "asyncai-demo",
        });

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Worker:RequestQueueUrl"] = resources.RequestQueueUrl.ToString(),
            ["AsyncAi:Worker:ResponseQueueUrl"] = resources.ResponseQueueUrl?.ToString(),
        });
    }
}
