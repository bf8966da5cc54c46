using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Aws.Tests.Provisioning;

public sealed class QueueNameTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Theory]
    [InlineData("jobs", true)]
    [InlineData("asyncai-requests_2", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("jobs.fifo", false)]
    [InlineData("has space", false)]
    [InlineData("../jobs", false)]
    public void Queue_names_follow_the_SQS_rule(string? name, bool valid) =>
        Assert.Equal(valid, AsyncAiResourceNames.IsValidQueueName(name));

    [Fact]
    public void A_name_of_81_characters_is_too_long() =>
        Assert.False(AsyncAiResourceNames.IsValidQueueName(new string('q', 81)));

    [Theory]
    [InlineData("bad name")]
    [InlineData("seventy-eight-characters-long-name-that-leaves-no-room-for-its-dlq-suffix-xxxx")]
    public async Task The_provisioner_rejects_a_bad_queue_name_naming_the_setting_and_creates_nothing(string requestQueueName)
    {
        using var sqs = Emulator.CreateSqsClient();
        using var s3 = Emulator.CreateS3Client();
        var names = new AsyncAiResourceNames { RequestQueueName = requestQueueName, Bucket = FauxqsEmulator.UniqueName("bucket") };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => AsyncAiProvisioner.EnsureAsync(sqs, s3, names));

        Assert.Equal("names.RequestQueueName", error.ParamName);
        var queues = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = requestQueueName[..4] });
        Assert.Empty(queues.QueueUrls ?? []);
    }
}
