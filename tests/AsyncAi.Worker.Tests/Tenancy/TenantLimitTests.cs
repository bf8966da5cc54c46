using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Tenancy;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AsyncAi.Worker.Tests.Tenancy;

/// <summary>At most MaxJobsPerTenant jobs of one tenant on a worker; the rest go back to the queue for a while, not into a slot.</summary>
public sealed class TenantLimitTests : IDisposable
{
    private readonly SqsPipelineUnderTest _pipeline = new(o => o.MaxJobsPerTenant = 1);

    [Fact]
    public async Task A_job_of_a_tenant_at_its_limit_is_released_with_the_tenant_delay_and_never_held_nor_run()
    {
        using var released = new MetricCollector<long>(_pipeline.Telemetry.TenantReleased);
        var gate = new TaskCompletionSource();
        var first = SqsPipelineUnderTest.LeaseOn(Owned("tenant-a"));
        var running = _pipeline.Delivery.ProcessAsync(first, _ => gate.Task, CancellationToken.None);

        var second = SqsPipelineUnderTest.LeaseOn(Owned("tenant-a"), receiveCount: 2);
        await _pipeline.Delivery.ProcessAsync(second, SqsPipelineUnderTest.NoWait, CancellationToken.None);

        // Paced: the first release is one turn away (no job has ended yet, so a turn is the base delay), at least 1 s.
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(second.Releases));
        Assert.Null(second.HeldJob);
        Assert.Equal(0, second.Deletes);
        Assert.Equal("tenant-a", Assert.Single(released.GetMeasurementSnapshot()).Tags[WorkerTelemetry.TenantTag]);

        gate.SetResult();
        await running;
        Assert.Equal(1, first.Deletes);
        Assert.Equal(0, _pipeline.Tenants.Held("tenant-a"));
    }

    [Fact]
    public async Task Another_tenant_and_a_job_without_tenant_run_while_one_tenant_is_at_its_limit()
    {
        var gate = new TaskCompletionSource();
        var busy = SqsPipelineUnderTest.LeaseOn(Owned("tenant-a"));
        var running = _pipeline.Delivery.ProcessAsync(busy, _ => gate.Task, CancellationToken.None);

        var other = SqsPipelineUnderTest.LeaseOn(Owned("tenant-b"));
        var none = SqsPipelineUnderTest.LeaseOn(SqsPipelineUnderTest.Job());
        await _pipeline.Delivery.ProcessAsync(other, SqsPipelineUnderTest.NoWait, CancellationToken.None);
        await _pipeline.Delivery.ProcessAsync(none, SqsPipelineUnderTest.NoWait, CancellationToken.None);

        Assert.Equal(1, other.Deletes);
        Assert.Equal(1, none.Deletes);
        Assert.Empty(other.Releases);
        gate.SetResult();
        await running;
    }

    [Fact]
    public async Task The_message_group_names_the_tenant_when_the_publisher_set_one()
    {
        var gate = new TaskCompletionSource();
        var first = SqsPipelineUnderTest.LeaseOn(Owned("user-1"));
        first.Message.Attributes["MessageGroupId"] = "org-9";
        var running = _pipeline.Delivery.ProcessAsync(first, _ => gate.Task, CancellationToken.None);

        var sameOrg = SqsPipelineUnderTest.LeaseOn(Owned("user-2"));
        sameOrg.Message.Attributes["MessageGroupId"] = "org-9";
        await _pipeline.Delivery.ProcessAsync(sameOrg, SqsPipelineUnderTest.NoWait, CancellationToken.None);

        Assert.Single(sameOrg.Releases);
        gate.SetResult();
        await running;
    }

    [Fact]
    public async Task With_no_limit_jobs_of_one_tenant_are_never_released()
    {
        using var unlimited = new SqsPipelineUnderTest();
        var gate = new TaskCompletionSource();
        var first = SqsPipelineUnderTest.LeaseOn(Owned("tenant-a"));
        var running = unlimited.Delivery.ProcessAsync(first, _ => gate.Task, CancellationToken.None);
        var second = SqsPipelineUnderTest.LeaseOn(Owned("tenant-a"));

        await unlimited.Delivery.ProcessAsync(second, SqsPipelineUnderTest.NoWait, CancellationToken.None);

        Assert.Equal(1, second.Deletes);
        Assert.False(unlimited.Tenants.IsEnabled);
        gate.SetResult();
        await running;
    }

    [Theory]
    [InlineData(1, 0.2, 1)]
    [InlineData(2, 0.2, 1)]
    [InlineData(3, 0.2, 2)]
    [InlineData(4, 0.2, 4)]
    [InlineData(1, 7.5, 8)]
    [InlineData(8, 7.5, 64)]
    [InlineData(1000, 0, 900)]
    public void A_release_lasts_the_paced_wait_in_whole_seconds_at_least_the_base_doubling_from_the_third_receive_up_to_the_maximum(int receives, double pacedSeconds, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TenantLimiter.ReleaseDelay(receives, TimeSpan.FromSeconds(pacedSeconds), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15)));

    [Fact]
    public void Released_messages_of_a_tenant_are_given_turns_one_mean_job_time_over_the_limit_apart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Microsoft.Extensions.Options.Options.Create(new AsyncAiWorkerOptions { MaxJobsPerTenant = 2 });
        using var telemetry = new WorkerTelemetry(null);
        var limiter = new TenantLimiter(options, telemetry, clock);
        Assert.True(limiter.TryEnter("a", out var first));
        Assert.True(limiter.TryEnter("a", out var second));
        clock.Advance(TimeSpan.FromSeconds(4));
        limiter.Exit("a", first);
        Assert.True(limiter.TryEnter("a", out _));
        Assert.False(limiter.TryEnter("a", out _));

        // Jobs of 4 s, two at a time: a turn every 2 s; the first four released messages come back 2, 4, 6 and 8 s on.
        Assert.Equal([2, 4, 6, 8], Enumerable.Range(0, 4).Select(_ => limiter.ReleaseDelay("a", 1).TotalSeconds));
        limiter.Exit("a", second);
    }

    [Fact]
    public void A_tenant_leaves_the_map_when_its_last_job_ends()
    {
        using var pipeline = new SqsPipelineUnderTest(o => o.MaxJobsPerTenant = 2);
        Assert.True(pipeline.Tenants.TryEnter("a", out var first));
        Assert.True(pipeline.Tenants.TryEnter("a", out var second));
        Assert.False(pipeline.Tenants.TryEnter("a", out _));
        pipeline.Tenants.Exit("a", first);
        Assert.True(pipeline.Tenants.TryEnter("a", out var third));
        pipeline.Tenants.Exit("a", second);
        pipeline.Tenants.Exit("a", third);
        Assert.Equal(0, pipeline.Tenants.Held("a"));
    }

    public void Dispose() => _pipeline.Dispose();

    private static JobMessage Owned(string owner)
    {
        var job = SqsPipelineUnderTest.Job();
        return job with { Owner = owner, OutputPrefix = new ObjectReference(SqsPipelineUnderTest.Bucket, JobStorageLayout.JobPrefix("jobs/", job.JobId, owner)) };
    }
}
