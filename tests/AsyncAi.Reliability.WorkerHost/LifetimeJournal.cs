using Microsoft.Extensions.Hosting;

namespace AsyncAi.Reliability.WorkerHost;

/// <summary>
/// Writes READY, STOPPING and STOPPED, so the suite can tell what happened before and after a signal, and CLOCK:
/// how far the clock the worker runs on (the DI <see cref="TimeProvider"/>) is off the true time, in milliseconds.
/// </summary>
internal sealed class LifetimeJournal(IHostApplicationLifetime lifetime, Journal journal, TimeProvider workerClock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            journal.Write("CLOCK", (long)Math.Round((workerClock.GetUtcNow() - TimeProvider.System.GetUtcNow()).TotalMilliseconds));
            journal.Write("READY", Environment.ProcessId);
        });
        // ApplicationStopping fires on SIGTERM before any hosted service is stopped: every RUN after it was taken late.
        lifetime.ApplicationStopping.Register(() => journal.Write("STOPPING", journal.Now));
        lifetime.ApplicationStopped.Register(() => journal.Write("STOPPED", journal.Now));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
