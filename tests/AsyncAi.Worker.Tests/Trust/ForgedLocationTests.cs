using Amazon.S3.Model;

namespace AsyncAi.Worker.Tests.Trust;

/// <summary>
/// A message can come from anyone who may send to the request queue: the worker judges every location in it
/// against the folder that follows from the job's id and owner, and never writes, reads or re-reports elsewhere.
/// </summary>
public sealed class ForgedLocationTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task A_message_naming_another_tenants_folder_as_output_prefix_is_dead_lettered_and_writes_nothing()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        await env.StartWorkerAsync();
        var forged = new JobMessage
        {
            JobId = JobId.New(),
            JobType = "echo",
            CreatedAt = DateTimeOffset.UtcNow,
            Owner = "mallory",
            OutputPrefix = new ObjectReference(env.Bucket, "jobs/owner=victim/"),
        };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(forged));
        var dead = await env.ReceiveDeadLetterAsync();

        Assert.Contains("owner=victim", dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue, StringComparison.Ordinal);
        Assert.Equal(0, env.Log.RunsOf(forged.JobId));
        var written = await env.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = env.Bucket, Prefix = "jobs/owner=victim/" });
        Assert.Empty(written.S3Objects ?? []);
    }

    [Fact]
    public async Task A_message_reusing_a_completed_jobs_prefix_under_a_new_id_does_not_re_send_that_jobs_completion()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var victim = await env.Publisher.PublishAsync(new JobRequest("echo"));
        await env.WaitAsync(victim.JobId);
        var forged = new JobMessage { JobId = JobId.New(), JobType = "echo", CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = victim.Prefix };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(forged));
        var dead = await env.ReceiveDeadLetterAsync();

        Assert.Contains(victim.Prefix.Key, dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue, StringComparison.Ordinal);
        Assert.Equal(0, env.Log.RunsOf(forged.JobId));
    }

    [Fact]
    public async Task A_message_reading_an_input_from_another_owners_folder_is_dead_lettered_without_running()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        await env.StartWorkerAsync();
        await env.S3.PutObjectAsync(new PutObjectRequest { BucketName = env.Bucket, Key = "jobs/owner=victim/j1/inputs/secret.txt", ContentBody = "secret" });
        var id = JobId.New();
        var job = new JobMessage
        {
            JobId = id,
            JobType = "echo",
            CreatedAt = DateTimeOffset.UtcNow,
            Owner = "mallory",
            OutputPrefix = new ObjectReference(env.Bucket, JobStorageLayout.JobPrefix("jobs/", id, "mallory")),
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(env.Bucket, "jobs/owner=victim/j1/inputs/secret.txt") },
        };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(job));
        var dead = await env.ReceiveDeadLetterAsync();

        Assert.Contains("outside the folder of the job's owner", dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue, StringComparison.Ordinal);
        Assert.Equal(0, env.Log.RunsOf(id));
    }

    [Fact]
    public async Task A_message_naming_another_bucket_is_dead_lettered_with_the_reason_and_writes_nothing_there()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var otherBucket = FauxqsEmulator.UniqueName("other");
        await Emulator.CreateBucketAsync(otherBucket);
        await env.StartWorkerAsync();
        var id = JobId.New();
        var forged = new JobMessage { JobId = id, JobType = "echo", CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = new ObjectReference(otherBucket, $"jobs/{id.Value}/") };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(forged));
        var dead = await env.ReceiveDeadLetterAsync();

        Assert.Contains($"writes only to '{env.Bucket}'", dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue, StringComparison.Ordinal);
        Assert.Equal(0, env.Log.RunsOf(id));
        var written = await env.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = otherBucket });
        Assert.Empty(written.S3Objects ?? []);
    }
}
