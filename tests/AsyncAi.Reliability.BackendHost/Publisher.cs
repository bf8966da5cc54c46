using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Reliability.BackendHost;

/// <summary>Writes READY once the host runs, then publishes the configured jobs, one PUBLISHED line each.</summary>
internal sealed class Publisher(BackendSettings settings, IJobPublisher publisher, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        Console.Out.WriteLine($"READY {Environment.ProcessId}");
        Console.Out.Flush();
        var publish = settings.Publish;
        if (publish.Count <= 0)
        {
            return;
        }

        JsonElement? parameters = string.IsNullOrWhiteSpace(publish.Parameters) ? null : JsonDocument.Parse(publish.Parameters).RootElement.Clone();
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < publish.Count;)
        {
            var batch = Math.Min(publish.BatchSize, publish.Count - done);
            var requests = Enumerable.Range(0, batch).Select(_ => new JobRequest(publish.JobType) { Parameters = parameters });
            var published = await publisher.PublishManyAsync(requests, stoppingToken).ConfigureAwait(false);
            foreach (var job in published)
            {
                Console.Out.WriteLine($"PUBLISHED {job.JobId}");
            }

            Console.Out.Flush();
            done += batch;
        }

        Console.Out.WriteLine($"PUBLISH-DONE {publish.Count} {watch.ElapsedMilliseconds}");
        Console.Out.Flush();
    }
}
