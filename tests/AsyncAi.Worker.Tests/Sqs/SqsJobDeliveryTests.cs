namespace AsyncAi.Worker.Tests.Sqs;

/// <summary>What the delivery does with one received message, stated through the acts on the message's lease.</summary>
public sealed class SqsJobDeliveryTests : IDisposable
{
    private readonly SqsPipelineUnderTest _pipeline = new(o => o.MaxAttempts = 3);

    [Fact]
    public async Task A_job_that_succeeds_is_held_while_it_runs_then_its_message_is_deleted_once()
    {
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job);
        var heldWhileWaiting = false;

        await _pipeline.Delivery.ProcessAsync(
            lease,
            _ =>
            {
                heldWhileWaiting = lease.IsHeld;
                return Task.CompletedTask;
            },
            CancellationToken.None);

        Assert.True(heldWhileWaiting, "A prefetched message waits for its run slot under the heartbeat.");
        Assert.Equal(job.JobId, lease.HeldJob!.JobId);
        Assert.Equal(1, lease.Deletes);
        Assert.Equal(1, lease.HoldEnds);
        Assert.Empty(lease.Releases);
        Assert.Contains(_pipeline.Events.Sent, e => e.Message.Event.Type == JobEventType.Succeeded);
    }

    [Fact]
    public async Task A_message_that_is_not_a_job_is_dead_lettered_without_being_held()
    {
        var lease = new FakeMessageLease("this is not json");

        await _pipeline.Delivery.ProcessAsync(lease, SqsPipelineUnderTest.NoWait, CancellationToken.None);

        Assert.Single(lease.DeadLetterReasons);
        Assert.Null(lease.HeldJob);
        Assert.Equal(0, lease.Deletes);
    }

    [Fact]
    public async Task A_job_of_a_type_without_a_handler_is_dead_lettered_with_that_reason_before_its_locations_are_judged()
    {
        // Both wrong: no handler, and a bucket this worker does not write to. The handler is named, as every worker does.
        var job = SqsPipelineUnderTest.Job("no-such-type") with { OutputPrefix = new ObjectReference("another-bucket", "jobs/x/") };
        var lease = SqsPipelineUnderTest.LeaseOn(job);

        await _pipeline.Delivery.ProcessAsync(lease, SqsPipelineUnderTest.NoWait, CancellationToken.None);

        Assert.StartsWith("No handler is registered for job type 'no-such-type'", Assert.Single(lease.DeadLetterReasons), StringComparison.Ordinal);
        Assert.Null(lease.HeldJob);
        Assert.Empty(_pipeline.Events.Sent);
    }

    [Fact]
    public async Task A_job_still_waiting_for_a_run_slot_at_shutdown_is_released_at_once_and_never_run()
    {
        var job = SqsPipelineUnderTest.Job();
        var lease = SqsPipelineUnderTest.LeaseOn(job);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await _pipeline.Delivery.ProcessAsync(lease, token => Task.Delay(Timeout.Infinite, token), stopping.Token);

        Assert.Equal(TimeSpan.Zero, Assert.Single(lease.Releases));
        Assert.Equal(1, lease.HoldEnds);
        Assert.Equal(0, lease.Deletes);
        Assert.Empty(_pipeline.Events.Sent);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public async Task A_crashed_message_is_set_aside_once_it_has_crashed_on_max_attempts_receives(int receives, bool deadLettered)
    {
        var lease = SqsPipelineUnderTest.LeaseOn(SqsPipelineUnderTest.Job(), receives);

        await _pipeline.Delivery.SetAsideAfterCrashAsync(lease, new InvalidOperationException("a bug"));

        Assert.Equal(deadLettered, lease.DeadLetterReasons.TryPeek(out var reason));
        if (deadLettered)
        {
            Assert.Contains($"crashed on {receives} receives", reason, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _pipeline.Dispose();
}
