using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// Creates the queues and the bucket with the SDK's opt-in provisioning helper, then points the client options at
/// them, so that the emulator needs no setup script. Safe to run again (what exists is kept).
/// </summary>
internal static class LocalResources
{
    public static async Task ProvisionAsync(ConfigurationManager configuration, BackendOptions backend)
    {
        var aws = AwsClients.ReadConnection(configuration);
        using var sqs = AwsClients.CreateSqs(aws);
        using var s3 = AwsClients.CreateS3(aws);
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
