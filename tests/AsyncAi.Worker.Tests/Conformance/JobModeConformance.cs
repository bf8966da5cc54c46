namespace AsyncAi.Worker.Tests.Conformance;

/// <summary>
/// One suite, run against every mode: the SQS worker and the in-memory mode both run jobs through the same job
/// runner, and these tests hold them to the same outcomes for unknown job types, cancellation and deadlines.
/// </summary>
public abstract class JobModeConformance
{
    /// <summary>Makes a driver; with <paramref name="runNow"/> false, published jobs wait for <see cref="IJobModeDriver.RunAsync"/>.</summary>
    protected abstract Task<IJobModeDriver> CreateAsync(bool runNow = true);

    [Fact]
    public async Task A_job_of_a_type_without_a_handler_is_dead_lettered_with_the_type_in_the_reason_and_never_completes()
    {
        await using var mode = await CreateAsync();

        var job = await mode.PublishAsync(new JobRequest("nobody-handles-this"));
        var reason = await mode.WaitForDeadLetterAsync(job.JobId);

        Assert.NotNull(reason);
        Assert.Contains("nobody-handles-this", reason, StringComparison.Ordinal);
        Assert.False(await mode.HasCompletionAsync(job.JobId));
    }

    [Fact]
    public async Task A_job_cancelled_before_it_starts_ends_cancelled()
    {
        await using var mode = await CreateAsync(runNow: false);

        var job = await mode.PublishAsync(new JobRequest("quick"));
        await mode.CancelAsync(job.JobId);
        await mode.RunAsync();
        var completion = await mode.WaitForCompletionAsync(job.JobId);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
        Assert.Equal(JobErrorCodes.Cancelled, completion.Error?.Code);
    }

    [Fact]
    public async Task Two_owners_jobs_with_one_id_are_two_jobs_and_a_cancel_with_one_owner_ends_only_that_owners_job()
    {
        await using var mode = await CreateAsync(runNow: false);
        var id = JobId.New();

        await mode.PublishAsync(new JobRequest("quick") { JobId = id, Owner = "alice" });
        await mode.PublishAsync(new JobRequest("quick") { JobId = id, Owner = "bob" });
        await mode.CancelAsync(id, "alice");
        await mode.RunAsync();
        var alices = await mode.WaitForCompletionAsync(id, "alice");
        var bobs = await mode.WaitForCompletionAsync(id, "bob");

        Assert.Equal((JobStatus.Cancelled, "alice"), (alices.Status, alices.Owner));
        Assert.Equal((JobStatus.Succeeded, "bob"), (bobs.Status, bobs.Owner));
    }

    [Fact]
    public async Task A_job_cancelled_while_it_runs_ends_cancelled()
    {
        await using var mode = await CreateAsync();

        var job = await mode.PublishAsync(new JobRequest("wait"));
        await mode.Log.WaitStartedAsync(job.JobId);
        await mode.CancelAsync(job.JobId);
        var completion = await mode.WaitForCompletionAsync(job.JobId);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
        Assert.Equal(JobErrorCodes.Cancelled, completion.Error?.Code);
    }

    [Fact]
    public async Task A_job_whose_deadline_passed_before_it_started_ends_expired_without_running()
    {
        await using var mode = await CreateAsync(runNow: false);

        var job = await mode.PublishAsync(new JobRequest("quick") { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(800) });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await mode.RunAsync();
        var completion = await mode.WaitForCompletionAsync(job.JobId);

        Assert.Equal(JobStatus.Expired, completion.Status);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, completion.Error?.Code);
        Assert.Equal(0, completion.Attempts);
    }

    [Fact]
    public async Task A_job_whose_deadline_passes_while_it_runs_ends_expired()
    {
        await using var mode = await CreateAsync();

        var job = await mode.PublishAsync(new JobRequest("wait") { Deadline = DateTimeOffset.UtcNow.AddSeconds(3) });
        var completion = await mode.WaitForCompletionAsync(job.JobId);

        Assert.Equal(JobStatus.Expired, completion.Status);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, completion.Error?.Code);
        Assert.Equal(1, completion.Attempts);
    }

    [Fact]
    public async Task A_deadline_days_ahead_runs_the_job()
    {
        await using var mode = await CreateAsync();

        var job = await mode.PublishAsync(new JobRequest("quick") { Deadline = DateTimeOffset.UtcNow.AddDays(13) });
        var completion = await mode.WaitForCompletionAsync(job.JobId);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
    }
}
