using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AsyncAi.Client.Tests.Events;

public sealed class ListenerTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_response_message_becomes_the_result_of_WaitForCompletionAsync_and_an_event_in_the_stream()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Within.Generous());
        var all = EventStreams.CollectAsync(client.Events.WatchAllAsync(stop.Token), e => e.IsTerminal);
        var one = EventStreams.CollectAsync(client.Events.WatchAsync(published.JobId, Within.Generous()), _ => false);
        var wait = client.Events.WaitForCompletionAsync(published.JobId, Within.Generous());

        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Progress(published.JobId, 0.5));
        var succeeded = Responses.Succeeded(published.JobId, resources.Bucket);
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, succeeded);

        var completion = await wait;
        Assert.Equal(published.JobId, completion.JobId);
        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(succeeded.Completion!.Outputs, completion.Outputs);
        var streamed = await all;
        Assert.Contains(streamed, e => e.JobId == published.JobId && e.Type == JobEventType.Succeeded);
        Assert.Equal([JobEventType.Queued, JobEventType.Progress, JobEventType.Succeeded], (await one).Select(e => e.Type));
        Assert.Empty(await QueueReader.DrainAsync(client.Sqs, resources.ResponseQueueUrl!, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task WaitForCompletionAsync_returns_at_once_for_a_job_that_already_ended()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(published.JobId, resources.Bucket));
        await client.Events.WaitForCompletionAsync(published.JobId, Within.Generous());

        var again = await client.Events.WaitForCompletionAsync(published.JobId, Within.Generous());

        Assert.Equal(JobStatus.Succeeded, again.Status);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_one_event_reaches_watchers_once()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var jobId = JobId.New();
        var all = EventStreams.CollectAsync(client.Events.WatchAllAsync(Within.Generous()), e => e.IsTerminal);

        var progress = Responses.Progress(jobId, 0.25);
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, progress, eventId: "e-1");
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, progress, eventId: "e-1");
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(jobId, resources.Bucket), eventId: "e-2");

        var events = await all;
        Assert.Single(events, e => e.Type == JobEventType.Progress);
    }

    [Fact]
    public async Task A_malformed_response_message_goes_to_the_dead_letter_queue_with_its_reason_and_the_listener_goes_on()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        using var malformed = new MetricCollector<long>(client.Services.GetRequiredService<IMeterFactory>(), "AsyncAi.Client", "asyncai.client.messages.malformed");
        var jobId = JobId.New();
        var wait = client.Events.WaitForCompletionAsync(jobId, Within.Generous());

        await Responses.SendRawAsync(client.Sqs, resources.ResponseQueueUrl!, "this is not json");
        await Responses.SendRawAsync(client.Sqs, resources.ResponseQueueUrl!, """{"v":99,"eventId":"x","something":"else"}""");
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(jobId, resources.Bucket));

        Assert.Equal(JobStatus.Succeeded, (await wait).Status);
        var dead = await QueueReader.ReceiveAsync(client.Sqs, resources.ResponseDeadLetterQueueUrl!, 2);
        Assert.Equal(["this is not json", """{"v":99,"eventId":"x","something":"else"}"""], dead.Select(m => m.Body).Order());
        var reasons = dead.Select(m => m.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue).ToList();
        Assert.Contains(reasons, r => r.Contains("version 99", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.True(malformed.GetMeasurementSnapshot().EvaluateAsCounter() >= 2);
        Assert.Empty(await QueueReader.DrainAsync(client.Sqs, resources.ResponseQueueUrl!, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task An_event_whose_completion_names_another_job_is_dead_lettered_at_once_not_retried()
    {
        // Found by the reliability fuzz run: the body reads, but the completion inside it belongs to another job.
        // That is a bad message; before, the listener took it for a failed handling and left it on the queue.
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var jobId = JobId.New();
        var wait = client.Events.WaitForCompletionAsync(jobId, Within.Generous());
        var forged = Responses.Succeeded(jobId, resources.Bucket);
        forged = forged with { Completion = forged.Completion! with { JobId = JobId.New() } };

        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, forged);
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(jobId, resources.Bucket), eventId: "real");

        Assert.Equal(jobId, (await wait).JobId);
        var dead = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.ResponseDeadLetterQueueUrl!, 1));
        Assert.Contains("names another job", dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue, StringComparison.Ordinal);
        Assert.Empty(await QueueReader.DrainAsync(client.Sqs, resources.ResponseQueueUrl!, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("another owner's folder")]
    [InlineData("another job's folder")]
    [InlineData("the job's inputs")]
    [InlineData("another bucket")]
    public async Task A_completion_listing_an_output_outside_its_jobs_own_outputs_folder_is_dead_lettered_at_once(string where)
    {
        // The backend would sign download URLs for whatever a completion lists: only the job's own outputs/ may be.
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var jobId = JobId.New();
        var wait = client.Events.WaitForCompletionAsync(jobId, "alice", Within.Generous());
        var real = Responses.Succeeded(jobId, resources.Bucket, "alice");
        var output = real.Completion!.Outputs[0];
        var location = where switch
        {
            "another owner's folder" => new ObjectReference(resources.Bucket, $"jobs/owner=victim/{jobId}/outputs/result.json"),
            "another job's folder" => new ObjectReference(resources.Bucket, $"jobs/owner=alice/{JobId.New()}/outputs/result.json"),
            "the job's inputs" => new ObjectReference(resources.Bucket, $"jobs/owner=alice/{jobId}/inputs/image"),
            _ => new ObjectReference("some-other-bucket", output.Location.Key),
        };
        var forged = real with { Completion = real.Completion with { Outputs = [output with { Location = location }] } };

        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, forged, eventId: "forged");
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, real, eventId: "real");

        Assert.Equal(output.Location, Assert.Single((await wait).Outputs).Location);
        var dead = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.ResponseDeadLetterQueueUrl!, 1));
        Assert.Contains("not in that job's own outputs/ folder", dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_dead_letter_queue_a_malformed_message_stays_on_the_queue_hidden_so_it_does_not_spin()
    {
        var resources = await Resources.CreateAsync(Emulator);
        var plainQueue = new Uri(await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("plain"), new Dictionary<string, string> { ["VisibilityTimeout"] = "1" }));
        var jobId = JobId.New();
        await using (var client = await ClientHost.StartAsync(Emulator, resources with { ResponseQueueUrl = plainQueue }))
        {
            var wait = client.Events.WaitForCompletionAsync(jobId, Within.Generous());
            await Responses.SendRawAsync(client.Sqs, plainQueue, "garbage");
            await Responses.SendAsync(client.Sqs, plainQueue, Responses.Succeeded(jobId, resources.Bucket));
            Assert.Equal(JobStatus.Succeeded, (await wait).Status);
        }

        // The same rule as the worker's: not deleted (nothing is lost), but hidden for what is left of SQS's 12 hours
        // rather than redelivered every second.
        using var sqs = Emulator.CreateSqsClient();
        var attributes = await sqs.GetQueueAttributesAsync(plainQueue.ToString(), ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("0", attributes.Attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("1", attributes.Attributes["ApproximateNumberOfMessagesNotVisible"]);
        Assert.Empty(await QueueReader.ReceiveAsync(sqs, plainQueue, 1, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task WaitForCompletionAsync_reads_the_workers_completion_record_when_no_event_came()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var jobId = JobId.New();
        var completion = Responses.Succeeded(jobId, resources.Bucket).Completion!;
        await client.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = resources.Bucket,
            Key = $"jobs/{jobId}/_completion.json",
            ContentBody = JobWireFormat.SerializeCompletionRecord(completion),
        });

        var read = await client.Events.WaitForCompletionAsync(jobId, Within.Generous());

        Assert.Equal(completion.Outputs, read.Outputs);
    }

    [Fact]
    public async Task A_completion_record_of_another_wire_version_is_not_taken_for_the_jobs_completion()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, o => o.StatusPollInterval = TimeSpan.FromMilliseconds(100), listen: false);
        var jobId = JobId.New();
        var record = JobWireFormat.SerializeCompletionRecord(Responses.Succeeded(jobId, resources.Bucket).Completion!);
        var put = new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = resources.Bucket,
            Key = $"jobs/{jobId}/_completion.json",
            ContentBody = record.Replace($"{{\"v\":{JobWireFormat.CurrentVersion},", "{\"v\":99,", StringComparison.Ordinal),
        };
        await client.S3.PutObjectAsync(put);

        // The worker's reader judges "v" first: a record this library cannot read is no record, however often it is polled.
        using var shortWait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Events.WaitForCompletionAsync(jobId, shortWait.Token));

        put.ContentBody = record;
        await client.S3.PutObjectAsync(put);
        Assert.Equal(JobStatus.Succeeded, (await client.Events.WaitForCompletionAsync(jobId, Within.Generous())).Status);
    }
}
