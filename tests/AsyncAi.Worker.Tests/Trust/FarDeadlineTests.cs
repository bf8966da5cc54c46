namespace AsyncAi.Worker.Tests.Trust;

/// <summary>
/// The publisher caps deadlines at 14 days, but other producers may send any deadline the wire format allows. Past
/// about 49.7 days a CancellationTokenSource timer throws, which used to happen outside the handler's try on every
/// delivery: the job never ran and never completed.
/// </summary>
public sealed class FarDeadlineTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task A_job_whose_deadline_is_60_days_ahead_runs_and_completes()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var id = JobId.New();
        var job = new JobMessage
        {
            JobId = id,
            JobType = "echo",
            CreatedAt = DateTimeOffset.UtcNow,
            Deadline = DateTimeOffset.UtcNow.AddDays(60),
            OutputPrefix = new ObjectReference(env.Bucket, JobStorageLayout.JobPrefix("jobs/", id, owner: null)),
        };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(job));
        var completion = await env.WaitAsync(id);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(1, env.Log.RunsOf(id));
    }
}
