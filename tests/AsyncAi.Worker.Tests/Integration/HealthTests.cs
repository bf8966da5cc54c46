using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AsyncAi.Worker.Tests.Integration;

public sealed class HealthTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task The_health_check_is_healthy_once_the_poller_receives_and_unhealthy_after_it_stops()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var worker = await env.StartWorkerAsync(start: false);
        var check = worker.Services.GetRequiredService<AsyncAiWorkerHealthCheck>();
        var context = new HealthCheckContext();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);

        await worker.StartAsync();
        var control = worker.Services.GetRequiredService<IAsyncAiWorkerControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HealthCheckResult result;
        while ((result = await check.CheckHealthAsync(context)).Data["lastReceiveAt"] is "never")
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Equal(HealthStatus.Healthy, result.Status);
        control.PauseReceiving();
        Assert.True(control.IsPaused);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
        control.ResumeReceiving();

        await worker.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);
    }
}
