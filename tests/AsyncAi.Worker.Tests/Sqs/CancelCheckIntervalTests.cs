using AsyncAi.Worker.Sqs;

namespace AsyncAi.Worker.Tests.Sqs;

public sealed class CancelCheckIntervalTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_heartbeat_ticks_at_the_cancel_check_interval_when_it_is_shorter_than_a_renewal_tick()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), VisibilityHeartbeat.TickIntervalFor(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1), cancelChecksEnabled: true));
        Assert.Equal(TimeSpan.FromSeconds(7.5), VisibilityHeartbeat.TickIntervalFor(TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(30), cancelChecksEnabled: true));
    }

    [Fact]
    public void Without_cancel_checks_the_heartbeat_ticks_for_renewals_only()
        => Assert.Equal(TimeSpan.FromSeconds(60), VisibilityHeartbeat.TickIntervalFor(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1), cancelChecksEnabled: false));

    [Fact]
    public void A_cancel_check_is_due_every_tick_when_the_heartbeat_ticks_at_the_cancel_check_interval_even_if_a_timer_fires_early()
    {
        var interval = TimeSpan.FromSeconds(5);

        Assert.True(VisibilityHeartbeat.IsCancelCheckDue(Start, Start + interval, interval, interval));
        Assert.True(VisibilityHeartbeat.IsCancelCheckDue(Start, Start + interval - TimeSpan.FromMilliseconds(15), interval, interval));
        Assert.False(VisibilityHeartbeat.IsCancelCheckDue(Start, Start + TimeSpan.FromSeconds(1), interval, interval));
    }

    [Fact]
    public void With_a_longer_cancel_check_interval_the_check_waits_for_the_tick_that_reaches_it()
    {
        var tick = TimeSpan.FromSeconds(7.5);
        var interval = TimeSpan.FromSeconds(30);

        Assert.False(VisibilityHeartbeat.IsCancelCheckDue(Start, Start + TimeSpan.FromSeconds(22.5), interval, tick));
        Assert.True(VisibilityHeartbeat.IsCancelCheckDue(Start, Start + TimeSpan.FromSeconds(30), interval, tick));
    }

    [Fact]
    public async Task A_cancel_request_is_seen_within_the_cancel_check_interval_even_with_a_long_visibility_timeout()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        // A renewal tick every minute; cancel markers are to be looked for every 200 ms (the test default).
        await env.StartWorkerAsync(o => o.VisibilityTimeout = TimeSpan.FromMinutes(4));

        var job = await env.Publisher.PublishAsync(new JobRequest("sleep") { Parameters = JobParameters.From(new { ms = -1 }) });
        await env.Log.WaitStartedAsync(job.JobId);
        await env.Publisher.CancelAsync(job.JobId);
        // Generous against the 200 ms interval, yet well before the first renewal tick at one minute.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var completion = await env.Events.WaitForCompletionAsync(job.JobId, timeout.Token);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
    }
}
