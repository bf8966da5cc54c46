using System.Collections.Concurrent;

namespace AsyncAi.Client.Tests.Publishing;

/// <summary>
/// The SQS message group a job is sent with: its tenant on a standard queue, for SQS fair queues. The emulator drops
/// the group of a standard queue's messages (it implements no fair queues), so the tests read the SendMessageBatch
/// requests the publisher makes.
/// </summary>
public sealed class MessageGroupTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_job_is_sent_with_its_owner_as_message_group_and_a_job_without_owner_without_one()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var sent = SentGroups.Record(client.Sqs);

        var owned = await client.Publisher.PublishAsync(new JobRequest("ocr") { Owner = "tenant-a" });
        var unowned = await client.Publisher.PublishAsync(new JobRequest("ocr"));

        Assert.Equal("tenant-a", sent[owned.JobId.Value]);
        Assert.Null(sent[unowned.JobId.Value]);
    }

    [Fact]
    public async Task The_application_tenant_key_wins_over_the_owner_and_falls_back_to_it_when_it_answers_null()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, o => o.TenantKey = r => r.Metadata.TryGetValue("org", out var org) ? org : null, listen: false);
        var sent = SentGroups.Record(client.Sqs);

        var keyed = await client.Publisher.PublishAsync(new JobRequest("ocr") { Owner = "user-1", Metadata = new Dictionary<string, string> { ["org"] = "org-9" } });
        var fallback = await client.Publisher.PublishAsync(new JobRequest("ocr") { Owner = "user-2" });

        Assert.Equal("org-9", sent[keyed.JobId.Value]);
        Assert.Equal("user-2", sent[fallback.JobId.Value]);
    }

    [Fact]
    public async Task Turning_tenant_groups_off_sends_jobs_without_a_group()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, o => o.TenantMessageGroups = false, listen: false);
        var sent = SentGroups.Record(client.Sqs);

        var published = await client.Publisher.PublishAsync(new JobRequest("ocr") { Owner = "tenant-a" });

        Assert.Null(sent[published.JobId.Value]);
        Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
    }

    [Fact]
    public async Task A_tenant_key_that_is_no_valid_group_id_fails_the_publish_before_anything_is_sent()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, o => o.TenantKey = _ => "has space", listen: false);

        await Assert.ThrowsAsync<ArgumentException>(() => client.Publisher.PublishManyAsync([new JobRequest("ocr") { Owner = "a" }, new JobRequest("ocr")]));

        Assert.Empty(await QueueReader.DrainAsync(client.Sqs, resources.RequestQueueUrl, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("tenant-a", true)]
    [InlineData("org/9:eu!", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("ümlaut", false)]
    public void A_group_id_is_1_to_128_printable_ascii_characters(string groupId, bool valid)
    {
        Assert.Equal(valid, MessageGroups.IsValid(groupId));
        Assert.True(MessageGroups.IsValid(new string('x', MessageGroups.MaxLength)));
        Assert.False(MessageGroups.IsValid(new string('x', MessageGroups.MaxLength + 1)));
    }

    [Theory]
    [InlineData("https://sqs.eu-west-1.amazonaws.com/1/jobs.fifo", true)]
    [InlineData("https://sqs.eu-west-1.amazonaws.com/1/jobs", false)]
    [InlineData("https://sqs.eu-west-1.amazonaws.com/1/fifo-jobs", false)]
    public void Fifo_queues_are_told_by_their_name(string url, bool fifo) => Assert.Equal(fifo, MessageGroups.IsFifo(url));

    /// <summary>The group each job was sent with, by job id, as the publisher's SendMessageBatch requests carried it.</summary>
    private static class SentGroups
    {
        public static ConcurrentDictionary<string, string?> Record(AmazonSQSClient sqs)
        {
            var groups = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
            sqs.BeforeRequestEvent += (_, e) =>
            {
                if (e is WebServiceRequestEventArgs { Request: SendMessageBatchRequest batch })
                {
                    foreach (var entry in batch.Entries)
                    {
                        groups[entry.MessageAttributes["asyncai-job-id"].StringValue] = entry.MessageGroupId;
                    }
                }
            };
            return groups;
        }
    }
}
