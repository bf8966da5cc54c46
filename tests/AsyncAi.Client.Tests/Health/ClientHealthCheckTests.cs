using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AsyncAi.Client.Tests.Health;

public sealed class ClientHealthCheckTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_listener_that_receives_from_the_response_queue_is_healthy()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, services: s => s.AddHealthChecks().AddAsyncAiClient());
        var health = client.Services.GetRequiredService<HealthCheckService>();

        HealthReport report;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        do
        {
            await Task.Delay(200, timeout.Token);
            report = await health.CheckHealthAsync(timeout.Token);
        }
        while (report.Entries[AsyncAiClientHealthChecksBuilderExtensions.ListenerReceiving].Data["lastReceiveAt"] is "never");

        Assert.Equal(HealthStatus.Healthy, report.Entries[AsyncAiClientHealthChecksBuilderExtensions.ListenerReceiving].Status);
    }

    [Fact]
    public async Task A_listener_whose_receives_keep_failing_is_unhealthy()
    {
        var resources = await Resources.CreateAsync(Emulator);
        var missing = new Uri(resources.ResponseQueueUrl!.AbsoluteUri + "-does-not-exist");
        await using var client = await ClientHost.StartAsync(
            Emulator,
            resources,
            o =>
            {
                o.ResponseQueueUrl = missing;
                o.ListenerErrorDelay = TimeSpan.FromMilliseconds(50);
            },
            services: s => s.AddHealthChecks().AddAsyncAiClient());
        var health = client.Services.GetRequiredService<HealthCheckService>();

        HealthReport report;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        do
        {
            await Task.Delay(200, timeout.Token);
            report = await health.CheckHealthAsync(timeout.Token);
        }
        while (report.Entries[AsyncAiClientHealthChecksBuilderExtensions.ListenerReceiving].Status != HealthStatus.Unhealthy);

        Assert.Contains("failed", report.Entries[AsyncAiClientHealthChecksBuilderExtensions.ListenerReceiving].Description, StringComparison.Ordinal);
    }
}
