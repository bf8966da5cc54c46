using AsyncAi.Aws;
using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// Creates the queues and the bucket with the SDK's opt-in provisioning helper, then points the client options at
/// them, so that the emulator needs no setup script. Safe to run again (what exists is kept).
/// </summary>
internal static class LocalResources
{
    public const string AwsSection = "AsyncAi:Client:Aws";

    public static async Task ProvisionAsync(ConfigurationManager configuration, BackendOptions backend)
    {
        // Before the host is built, so the clients are made here rather than taken from DI.
        var aws = configuration.GetSection(AwsSection).Get<AwsConnectionOptions>() ?? new AwsConnectionOptions();
        using var sqs = AsyncAiAwsClients.CreateSqs(aws);
        using var s3 = AsyncAiAwsClients.CreateS3(aws);
        var resources = await AsyncAiProvisioner.EnsureAsync(sqs, s3, new AsyncAiResourceNames
        {
            RequestQueueName = backend.RequestQueueName,
            ResponseQueueName = string.IsNullOrWhiteSpace(backend.ResponseQueueName) ? null : backend.ResponseQueueName,
            Bucket = configuration["AsyncAi:Client:Bucket"] ?? "asyncai-demo",
        });

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Client:RequestQueueUrl"] = resources.RequestQueueUrl.ToString(),
            ["AsyncAi:Client:ResponseQueueUrl"] = resources.ResponseQueueUrl?.ToString(),
        });
    }
}
