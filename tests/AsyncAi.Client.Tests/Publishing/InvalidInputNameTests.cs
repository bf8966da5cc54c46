namespace AsyncAi.Client.Tests.Publishing;

public sealed class InvalidInputNameTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Theory]
    [InlineData("../other-job/inputs/image")]
    [InlineData("images/../../secret")]
    [InlineData("/absolute")]
    public async Task A_batch_with_an_input_name_that_climbs_out_of_its_prefix_fails_with_ArgumentException_and_sends_none_of_its_jobs(string inputName)
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var valid = new JobRequest("ocr") { IdempotencyKey = "valid-one" };
        var invalid = new JobRequest("ocr")
        {
            Inputs = new Dictionary<string, ObjectReference> { [inputName] = new(resources.Bucket, "uploads/image.png") },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Publisher.PublishManyAsync([valid, invalid]));

        Assert.Contains(inputName, error.Message, StringComparison.Ordinal);
        Assert.Empty(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1, TimeSpan.FromSeconds(2)));

        // Nothing of the valid request was kept half-way either: its idempotency key is still free.
        var retried = await client.Publisher.PublishAsync(valid);
        Assert.False(retried.IsDuplicate);
    }
}
