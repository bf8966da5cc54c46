using Microsoft.Extensions.Hosting;

namespace AsyncAi.Reliability.WorkerHost;

/// <summary>
/// Samples the live heap after a forced full, compacting collection (GC.GetTotalMemory(true)): what is still
/// reachable, unlike the process's RSS, which also holds memory the collector has not given back.
/// </summary>
internal sealed class HeapSampler(HostSettings settings, Journal journal, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.HeapSampleInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.HeapSampleInterval, time);
        try
        {
            do
            {
                var live = GC.GetTotalMemory(forceFullCollection: true);
                var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
                journal.Write("HEAP", journal.Now, live, committed);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
