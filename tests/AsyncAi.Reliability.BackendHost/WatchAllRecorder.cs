using Microsoft.Extensions.Hosting;

namespace AsyncAi.Reliability.BackendHost;

/// <summary>Records every terminal event that <c>IJobEvents.WatchAllAsync</c> yields.</summary>
internal sealed class WatchAllRecorder(IJobEvents events, RecordFile record) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobEvent in events.WatchAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (jobEvent.IsTerminal)
                {
                    record.Record(jobEvent);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
