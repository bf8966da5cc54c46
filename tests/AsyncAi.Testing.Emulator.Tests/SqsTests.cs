using Amazon.SQS.Model;

namespace AsyncAi.Testing.Emulator.Tests;

public sealed class SqsTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Send_receive_and_delete_a_message()
    {
        using var sqs = Emulator.CreateSqsClient();
        var queueUrl = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("jobs"));

        await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = "{\"job\":1}",
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["kind"] = new() { DataType = "String", StringValue = "embed" },
            },
        });

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 1,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });

        var message = Assert.Single(received.Messages);
        Assert.Equal("{\"job\":1}", message.Body);
        Assert.Equal("embed", message.MessageAttributes["kind"].StringValue);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);

        await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);

        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(0, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task Queue_attributes_given_at_creation_are_kept()
    {
        using var sqs = Emulator.CreateSqsClient();
        var queueUrl = await Emulator.CreateQueueAsync(
            FauxqsEmulator.UniqueName("jobs"),
            new Dictionary<string, string> { ["VisibilityTimeout"] = "7" });

        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["VisibilityTimeout"],
        });

        Assert.Equal(7, attributes.VisibilityTimeout);
    }

    [Fact]
    public void Unique_names_differ_and_fit_bucket_rules()
    {
        var first = FauxqsEmulator.UniqueName("results");
        var second = FauxqsEmulator.UniqueName("results");

        Assert.NotEqual(first, second);
        Assert.Matches("^results-[0-9a-f]{16}$", first);
        Assert.InRange(FauxqsEmulator.UniqueName(new string('a', 40)).Length, 3, 63);
    }
}
