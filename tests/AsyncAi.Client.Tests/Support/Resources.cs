using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Client.Tests.Support;

/// <summary>A fresh set of queues and a bucket per test, made by the provisioning helper under test.</summary>
internal static class Resources
{
    public static async Task<AsyncAiResources> CreateAsync(FauxqsEmulator emulator, int maxReceiveCount = 5)
    {
        using var sqs = emulator.CreateSqsClient();
        using var s3 = emulator.CreateS3Client();
        return await AsyncAiProvisioner.EnsureAsync(sqs, s3, new AsyncAiResourceNames
        {
            RequestQueueName = FauxqsEmulator.UniqueName("req"),
            ResponseQueueName = FauxqsEmulator.UniqueName("resp"),
            Bucket = FauxqsEmulator.UniqueName("bucket"),
            MaxReceiveCount = maxReceiveCount,
        });
    }
}
