using AsyncAi.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AsyncAi.AspNetCore.Tests.Telemetry;

public sealed class HealthCheckTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task AddAsyncAiWorker_on_the_health_checks_builder_reports_the_worker_under_its_public_name()
    {
        var queue = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("health"));
        var builder = TestHosts.CreateBuilder(Emulator);
        builder.Services.AddAsyncAiWorker(o =>
        {
            o.RequestQueueUrl = new Uri(queue);
            o.ResponseQueueUrl = new Uri(queue);
            o.Bucket = "health-bucket";
            o.ReceiveWaitTime = TimeSpan.FromSeconds(1);
        }).AddJobHandler<NoOpHandler>("noop");
        builder.Services.AddHealthChecks().AddAsyncAiWorker("ready");
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync();
        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HealthReport after;
        do
        {
            await Task.Delay(200);
            after = await health.CheckHealthAsync();
        }
        while (after.Status != HealthStatus.Healthy && DateTime.UtcNow < deadline);
        await host.StopAsync();

        var entry = Assert.Single(before.Entries);
        Assert.Equal(AsyncAiWorkerHealthChecks.Receiving, entry.Key);
        Assert.Equal(HealthStatus.Unhealthy, entry.Value.Status);
        Assert.Equal(["asyncai", "ready"], entry.Value.Tags);
        Assert.Equal(HealthStatus.Healthy, after.Entries[AsyncAiWorkerHealthChecks.Receiving].Status);
    }

    private sealed class NoOpHandler : IJobHandler
    {
        public Task HandleAsync(IJobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
