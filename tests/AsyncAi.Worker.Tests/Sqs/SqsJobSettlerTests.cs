using AsyncAi.Aws.Messages;
using AsyncAi.Worker.Pipeline;

namespace AsyncAi.Worker.Tests.Sqs;

/// <summary>How each outcome is settled, stated through the acts on the message's lease.</summary>
public sealed class SqsJobSettlerTests : IDisposable
{
    private readonly SqsPipelineUnderTest _pipeline = new(o =>
    {
        o.RetryBaseDelay = TimeSpan.FromSeconds(10);
        o.MaxRetryDelay = TimeSpan.FromMinutes(5);
    });

    [Fact]
    public async Task A_completed_job_is_reported_then_its_message_deleted_once_and_its_hold_ended_before_settling_returns()
    {
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job);
        var held = SqsPipelineUnderTest.HeldJob(lease, job);

        await _pipeline.Settler.SettleAsync(new IncomingJob(job, null), held, JobOutcome.Completed(Completion(job)));

        Assert.Single(_pipeline.Events.Sent);
        Assert.Equal(1, lease.Deletes);
        Assert.Equal(1, lease.HoldEnds);
        Assert.Empty(lease.Releases);
        Assert.Empty(lease.DeadLetterReasons);
    }

    [Fact]
    public async Task A_completion_that_cannot_be_reported_leaves_the_message_to_come_back_and_ends_the_hold()
    {
        using var pipeline = new SqsPipelineUnderTest(eventsFail: true);
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job);
        var held = SqsPipelineUnderTest.HeldJob(lease, job);

        await pipeline.Settler.SettleAsync(new IncomingJob(job, null), held, JobOutcome.Completed(Completion(job)));

        Assert.Equal(0, lease.Deletes);
        Assert.Empty(lease.Releases);
        Assert.Equal(1, lease.HoldEnds);
    }

    [Theory]
    [InlineData(1, 5, 10)]
    [InlineData(2, 10, 20)]
    [InlineData(9, 150, 300)]
    public async Task A_retry_releases_the_message_for_the_backoff_delay_of_its_attempt(int attempt, int atLeastSeconds, int atMostSeconds)
    {
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job, attempt);
        var held = SqsPipelineUnderTest.HeldJob(lease, job, attempt);

        await _pipeline.Settler.SettleAsync(new IncomingJob(job, null), held, JobOutcome.Retry(new TimeoutException()));

        var delay = Assert.Single(lease.Releases);
        Assert.InRange(delay, TimeSpan.FromSeconds(atLeastSeconds), TimeSpan.FromSeconds(atMostSeconds));
        Assert.Equal(0, lease.Deletes);
        Assert.False(lease.IsHeld);
    }

    [Fact]
    public async Task A_released_job_makes_its_message_visible_at_once()
    {
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job);
        var held = SqsPipelineUnderTest.HeldJob(lease, job);

        await _pipeline.Settler.SettleAsync(new IncomingJob(job, null), held, JobOutcome.Released(null));

        Assert.Equal(TimeSpan.Zero, Assert.Single(lease.Releases));
        Assert.Equal(0, lease.Deletes);
        Assert.False(lease.IsHeld);
    }

    [Fact]
    public async Task A_rejected_job_is_dead_lettered_with_its_reason_and_counted()
    {
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job);
        var held = SqsPipelineUnderTest.HeldJob(lease, job);

        await _pipeline.Settler.SettleAsync(new IncomingJob(job, null), held, JobOutcome.Rejected("cannot run here"));

        Assert.Equal("cannot run here", Assert.Single(lease.DeadLetterReasons));
        Assert.Equal(0, lease.Deletes);
        Assert.Empty(lease.Releases);
        Assert.False(lease.IsHeld);
    }

    public void Dispose() => _pipeline.Dispose();

    private static JobCompletion Completion(JobMessage job) => new()
    {
        JobId = job.JobId,
        JobType = job.JobType,
        Status = JobStatus.Succeeded,
        Timings = new JobTimings { QueuedAt = job.CreatedAt, FinishedAt = DateTimeOffset.UtcNow },
        Attempts = 1,
    };
}
