using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Tenancy;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

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

        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(second.Releases));
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
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void The_release_delay_doubles_per_receive_up_to_its_maximum(int receives, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TenantLimiter.ReleaseDelay(receives, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));

    [Fact]
    public void A_tenant_leaves_the_map_when_its_last_job_ends()
    {
        using var pipeline = new SqsPipelineUnderTest(o => o.MaxJobsPerTenant = 2);
        Assert.True(pipeline.Tenants.TryEnter("a"));
        Assert.True(pipeline.Tenants.TryEnter("a"));
        Assert.False(pipeline.Tenants.TryEnter("a"));
        pipeline.Tenants.Exit("a");
        Assert.True(pipeline.Tenants.TryEnter("a"));
        pipeline.Tenants.Exit("a");
        pipeline.Tenants.Exit("a");
        Assert.Equal(0, pipeline.Tenants.Held("a"));
    }

    public void Dispose() => _pipeline.Dispose();

    private static JobMessage Owned(string owner)
    {
        var job = SqsPipelineUnderTest.Job();
        return job with { Owner = owner, OutputPrefix = new ObjectReference(SqsPipelineUnderTest.Bucket, JobStorageLayout.JobPrefix("jobs/", job.JobId, owner)) };
    }
}
