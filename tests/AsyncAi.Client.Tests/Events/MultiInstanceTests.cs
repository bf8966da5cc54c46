namespace AsyncAi.Client.Tests.Events;

public sealed class MultiInstanceTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_watcher_on_instance_B_gets_the_completion_that_instance_A_consumed()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var a = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = JobStatusStoreKind.S3);
        // B does not listen at all, so the response message can only have been consumed by A.
        await using var b = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = JobStatusStoreKind.S3, listen: false);
        var published = await b.Publisher.PublishAsync(new JobRequest("ocr"));
        var waitOnB = b.Events.WaitForCompletionAsync(published.JobId, Within.Generous());

        await Responses.SendAsync(a.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(published.JobId, resources.Bucket));

        var completion = await waitOnB;
        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(published.JobId, completion.JobId);
    }

    [Fact]
    public async Task With_two_listening_instances_every_watcher_on_either_gets_every_completion()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var a = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = JobStatusStoreKind.S3);
        await using var b = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = JobStatusStoreKind.S3);
        var jobs = await a.Publisher.PublishManyAsync(Enumerable.Range(0, 6).Select(_ => new JobRequest("ocr")));
        var waits = jobs.SelectMany(j => new[]
        {
            a.Events.WaitForCompletionAsync(j.JobId, Within.Generous()),
            b.Events.WaitForCompletionAsync(j.JobId, Within.Generous()),
        }).ToList();

        foreach (var job in jobs)
        {
            await Responses.SendAsync(a.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(job.JobId, resources.Bucket));
        }

        var completions = await Task.WhenAll(waits);
        Assert.All(completions, c => Assert.Equal(JobStatus.Succeeded, c.Status));
        Assert.Equal(jobs.Select(j => j.JobId).Order(), completions.Select(c => c.JobId).Distinct().Order());
    }

    [Fact]
    public async Task In_the_shared_store_two_owners_jobs_with_one_id_are_two_documents_and_a_waiter_gets_only_its_owners_completion()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var a = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = JobStatusStoreKind.S3);
        await using var b = await ClientHost.StartAsync(Emulator, resources, o => o.StatusStore = JobStatusStoreKind.S3, listen: false);
        var id = JobId.New();
        var alices = await b.Publisher.PublishAsync(new JobRequest("ocr") { JobId = id, Owner = "alice" });
        var waitOnB = b.Events.WaitForCompletionAsync(id, "alice", Within.Generous());

        // Bob's job with the same id fails first; A consumes both events, B only reads the shared documents.
        await Responses.SendAsync(a.Sqs, resources.ResponseQueueUrl!, new JobEvent { JobId = id, Owner = "bob", Type = JobEventType.Failed, Timestamp = DateTimeOffset.UtcNow, Message = "bob's job failed" }, eventId: $"owner=bob/{id}:completion");
        await Responses.SendAsync(a.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(id, resources.Bucket, "alice"), eventId: $"owner=alice/{id}:completion");

        var completion = await waitOnB;
        Assert.Equal((JobStatus.Succeeded, "alice"), (completion.Status, completion.Owner));
        Assert.Equal("alice", alices.Owner);
        var keys = (await b.S3.ListObjectsV2Async(new() { BucketName = resources.Bucket, Prefix = "jobs/_status/" })).S3Objects.Select(o => o.Key).Order();
        Assert.Equal([$"jobs/_status/owner=alice/{id}.json", $"jobs/_status/owner=bob/{id}.json"], keys);
        Assert.Null(await b.Services.GetRequiredService<IJobStatusStore>().GetAsync(id));
    }
}
