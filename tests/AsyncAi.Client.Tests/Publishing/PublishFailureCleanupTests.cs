namespace AsyncAi.Client.Tests.Publishing;

public sealed class PublishFailureCleanupTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_claim_that_fails_frees_the_keys_the_same_call_already_claimed()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var recordKey = new IdempotencyKeys(null!, resources.Bucket, "jobs/").RecordKey("unreadable", owner: null);
        await client.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = resources.Bucket, Key = recordKey, ContentBody = "not json" });

        await Assert.ThrowsAnyAsync<Exception>(() => client.Publisher.PublishManyAsync(
        [
            new JobRequest("ocr") { IdempotencyKey = "fine" },
            new JobRequest("ocr") { IdempotencyKey = "unreadable" },
        ]));
        Assert.Empty(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1, TimeSpan.FromSeconds(2)));

        var retried = await client.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "fine" });

        Assert.False(retried.IsDuplicate);
        Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
    }

    [Fact]
    public async Task A_repeat_of_a_key_whose_job_failed_is_reported_failed_not_published()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var broken = await ClientHost.StartAsync(Emulator, resources, o => o.RequestQueueUrl = new Uri(resources.RequestQueueUrl.AbsoluteUri + "-missing"));

        var error = await Assert.ThrowsAsync<JobPublishException>(() => broken.Publisher.PublishManyAsync(
        [
            new JobRequest("ocr") { IdempotencyKey = "k" },
            new JobRequest("ocr") { IdempotencyKey = "k" },
        ]));

        Assert.Empty(error.Published);
        Assert.Equal(2, error.Failed.Count);
    }

    [Fact]
    public async Task The_claim_check_body_of_a_job_SQS_rejected_is_deleted()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var broken = await ClientHost.StartAsync(Emulator, resources, o => o.RequestQueueUrl = new Uri(resources.RequestQueueUrl.AbsoluteUri + "-missing"));
        var big = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["p"] = new string('x', 2 * 1024 * 1024) })).RootElement;

        var error = await Assert.ThrowsAsync<JobPublishException>(() => broken.Publisher.PublishAsync(new JobRequest("generate") { Parameters = big }));

        var failed = Assert.Single(error.Failed);
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => broken.S3.GetObjectAsync(resources.Bucket, $"jobs/{failed.JobId}/_request.json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
