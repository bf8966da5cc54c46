using AsyncAi.Aws.Provisioning;

namespace AsyncAi.Aws.Tests.Provisioning;

public sealed class AsyncAiProvisionerTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Creates_both_queues_with_dead_letter_queues_and_the_bucket_and_can_run_again()
    {
        using var sqs = Emulator.CreateSqsClient();
        using var s3 = Emulator.CreateS3Client();
        var names = new AsyncAiResourceNames
        {
            RequestQueueName = FauxqsEmulator.UniqueName("req"),
            ResponseQueueName = FauxqsEmulator.UniqueName("resp"),
            Bucket = FauxqsEmulator.UniqueName("bucket"),
            MaxReceiveCount = 3,
        };

        var first = await AsyncAiProvisioner.EnsureAsync(sqs, s3, names);
        var second = await AsyncAiProvisioner.EnsureAsync(sqs, s3, names);

        Assert.Equal(first, second);
        foreach (var (queue, deadLetter) in new[] { (first.RequestQueueUrl, first.RequestDeadLetterQueueUrl), (first.ResponseQueueUrl!, first.ResponseDeadLetterQueueUrl!) })
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queue.AbsoluteUri, AttributeNames = ["RedrivePolicy"] });
            var deadLetterArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = deadLetter.AbsoluteUri, AttributeNames = ["QueueArn"] })).QueueARN;
            Assert.Contains(deadLetterArn, attributes.Attributes["RedrivePolicy"], StringComparison.Ordinal);
            Assert.Contains("3", attributes.Attributes["RedrivePolicy"], StringComparison.Ordinal);
            Assert.Equal(deadLetter.AbsoluteUri, await DeadLetterQueueResolver.FindAsync(sqs, queue.AbsoluteUri, default));
        }

        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = names.Bucket, Key = "probe", ContentBody = "x" });
    }

    [Fact]
    public async Task Creates_a_request_queue_with_a_dead_letter_queue_per_lane()
    {
        using var sqs = Emulator.CreateSqsClient();
        using var s3 = Emulator.CreateS3Client();
        var names = new AsyncAiResourceNames { RequestQueueName = FauxqsEmulator.UniqueName("req"), Bucket = FauxqsEmulator.UniqueName("bucket"), MaxReceiveCount = 4 };
        names.Lanes.Add("high");
        names.Lanes.Add("bulk");

        var resources = await AsyncAiProvisioner.EnsureAsync(sqs, s3, names);

        Assert.Equal(["high", "bulk"], resources.Lanes.Select(l => l.Name));
        foreach (var lane in resources.Lanes)
        {
            Assert.EndsWith(names.RequestQueueName + "-" + lane.Name, lane.QueueUrl.AbsoluteUri, StringComparison.Ordinal);
            Assert.Equal(lane.DeadLetterQueueUrl.AbsoluteUri, await DeadLetterQueueResolver.FindAsync(sqs, lane.QueueUrl.AbsoluteUri, default));
        }
    }

    [Fact]
    public async Task A_lane_whose_queue_name_is_invalid_is_refused_before_anything_is_created()
    {
        using var sqs = Emulator.CreateSqsClient();
        using var s3 = Emulator.CreateS3Client();
        var names = new AsyncAiResourceNames { RequestQueueName = FauxqsEmulator.UniqueName("req"), Bucket = FauxqsEmulator.UniqueName("bucket") };
        names.Lanes.Add("not ok");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => AsyncAiProvisioner.EnsureAsync(sqs, s3, names));

        Assert.Equal("names.Lanes", error.ParamName);
    }

    [Fact]
    public void The_redrive_policy_names_the_dead_letter_queue_and_the_receive_count()
    {
        var policy = AsyncAiProvisioner.RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:q-dlq", 5);

        Assert.Equal("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:q-dlq","maxReceiveCount":"5"}""", policy);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:q-dlq", DeadLetterQueueResolver.ReadTargetArn(policy));
        Assert.Null(DeadLetterQueueResolver.ReadTargetArn("not json"));
    }
}
