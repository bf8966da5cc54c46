using AsyncAi.Worker.Sqs;
using Microsoft.Extensions.Time.Testing;

namespace AsyncAi.Worker.Tests.Sqs;

public sealed class VisibilityRenewalPolicyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private VisibilityRenewalPolicy Policy(TimeSpan? maxRunTime = null) => new(_clock, Timeout, maxRunTime ?? TimeSpan.FromHours(1));

    [Fact]
    public void Ticks_every_quarter_and_renews_at_half_of_the_visibility_timeout()
    {
        var policy = Policy();
        Assert.Equal(TimeSpan.FromSeconds(7.5), policy.TickInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), policy.RenewalThreshold);
    }

    [Fact]
    public void Waits_while_more_than_half_of_the_visibility_is_left()
    {
        var policy = Policy();
        var receivedAt = _clock.GetUtcNow();
        var visibleAt = receivedAt + Timeout;
        _clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(RenewalDecision.Wait, policy.Decide(receivedAt, visibleAt));
    }

    [Fact]
    public void Extends_once_half_or_less_of_the_visibility_is_left()
    {
        var policy = Policy();
        var receivedAt = _clock.GetUtcNow();
        var visibleAt = receivedAt + Timeout;
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(RenewalDecision.Extend, policy.Decide(receivedAt, visibleAt));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(RenewalDecision.Extend, policy.Decide(receivedAt, visibleAt));
    }

    [Fact]
    public void An_extension_moves_visibility_a_full_timeout_past_now_so_the_next_ticks_wait()
    {
        var policy = Policy();
        var receivedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(16));
        var visibleAt = policy.NextVisibleAt();
        Assert.Equal(receivedAt + TimeSpan.FromSeconds(46), visibleAt);
        _clock.Advance(policy.TickInterval);
        Assert.Equal(RenewalDecision.Wait, policy.Decide(receivedAt, visibleAt));
    }

    [Fact]
    public void With_a_tick_every_quarter_a_message_is_always_extended_before_it_expires()
    {
        // Whatever the phase of the ticks, at the first tick that finds it due a quarter of the timeout is still left.
        var policy = Policy();
        var receivedAt = _clock.GetUtcNow();
        var visibleAt = receivedAt + Timeout;
        _clock.Advance(TimeSpan.FromSeconds(3));
        while (policy.Decide(receivedAt, visibleAt) == RenewalDecision.Wait)
        {
            _clock.Advance(policy.TickInterval);
        }

        Assert.True(visibleAt - _clock.GetUtcNow() >= Timeout / 4);
    }

    [Fact]
    public void Gives_up_on_a_job_past_its_maximum_run_time()
    {
        var policy = Policy(TimeSpan.FromMinutes(2));
        var receivedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(RenewalDecision.GiveUp, policy.Decide(receivedAt, _clock.GetUtcNow() + TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.2, 1)]
    [InlineData(2, 2)]
    [InlineData(2.5, 3)]
    [InlineData(50000, 43200)]
    public void Visibility_is_sent_in_whole_seconds_rounded_up_and_capped_at_12_hours(double seconds, int expected) =>
        Assert.Equal(expected, AsyncAi.Aws.Sqs.SqsLimits.ToVisibilitySeconds(TimeSpan.FromSeconds(seconds)));
}
