namespace AsyncAi.Worker.Tests.Trust;

/// <summary>
/// A job's metadata is copied into its completion, and a claim-checked request may carry more metadata than one
/// queue message holds: the completion must still be reported (with what it left out marked) and never loop.
/// </summary>
public sealed class OversizedCompletionTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private const string TruncatedKey = "asyncai-truncated";

    [Fact]
    public async Task A_completion_whose_metadata_exceeds_the_queue_limit_is_reported_without_its_metadata_and_runs_once()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);

        // 1.5 MiB of metadata: the request goes through its claim check, the completion could not fit as it is.
        var metadata = Enumerable.Range(0, 24).ToDictionary(i => $"note{i}", i => new string((char)('a' + i), 64 * 1024), StringComparer.Ordinal);
        var job = await env.Publisher.PublishAsync(new JobRequest("echo") { Metadata = metadata });
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal("metadata", completion.Metadata[TruncatedKey]);
        Assert.DoesNotContain("note0", completion.Metadata.Keys);
        Assert.Contains(completion.Outputs, o => o.Name == "result.txt");
        Assert.Equal(1, env.Log.RunsOf(job.JobId));

        // The record in S3 keeps what the event left out.
        using var record = await env.S3.GetObjectAsync(job.Prefix.Bucket, job.Prefix.Key + JobStorageLayout.CompletionObject);
        using var reader = new StreamReader(record.ResponseStream);
        var stored = await reader.ReadToEndAsync();
        Assert.Contains(metadata["note23"], stored, StringComparison.Ordinal);

        // Nothing went to the dead-letter queue: the message was deleted once the completion was sent.
        var dead = await env.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = env.DeadLetterQueueUrl.ToString(), WaitTimeSeconds = 1 });
        Assert.Empty(dead.Messages ?? []);
    }
}
