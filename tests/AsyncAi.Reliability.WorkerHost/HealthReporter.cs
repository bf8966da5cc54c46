using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Reliability.WorkerHost;

/// <summary>
/// Runs the registered health checks (the worker's among them, as an application would expose on /health) and
/// writes <c>HEALTH unixMs status</c> whenever the overall status changes, so the suite sees unhealthy and recovered.
/// </summary>
internal sealed class HealthReporter(HostSettings settings, HealthCheckService health, Journal journal, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.HealthInterval <= TimeSpan.Zero)
        {
            return;
        }

        HealthStatus? last = null;
        using var timer = new PeriodicTimer(settings.HealthInterval, time);
        try
        {
            do
            {
                var report = await health.CheckHealthAsync(stoppingToken).ConfigureAwait(false);
                if (report.Status != last)
                {
                    last = report.Status;
                    journal.Write("HEALTH", journal.Now, report.Status);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
