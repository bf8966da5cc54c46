using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>
/// The job store's cost per event: jobs recorded as published (untimed), then their Started and Succeeded events
/// applied one at a time as the response-queue listener applies them (read, fold, versioned write).
/// </summary>
internal static class StoreUpdateRun
{
    public static async Task<List<double>> RunAsync(BenchmarkStage stage, string database, OutboxBenchmarkSettings settings)
    {
        await using var backend = await stage.StartBackendAsync(database);
        var store = backend.Services.GetRequiredService<IJobStore>();
        var jobs = settings.StoreEvents / 2;
        var t0 = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, jobs).Select(i => JobId.Parse("bench-" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var id in ids)
        {
            await store.RecordPublishedAsync(new JobPublication { JobId = id, Owner = "u-1", JobType = "noop", QueuedAt = t0 });
        }

        var costs = new List<double>(jobs * 2);
        foreach (var id in ids)
        {
            foreach (var jobEvent in new[] { Started(id, t0.AddSeconds(1)), Succeeded(id, t0.AddSeconds(2)) })
            {
                var start = Stopwatch.GetTimestamp();
                await store.ApplyAsync(jobEvent);
                costs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return costs;
    }

    private static JobEvent Started(JobId id, DateTimeOffset at) =>
        new() { JobId = id, Owner = "u-1", Type = JobEventType.Started, Timestamp = at, JobType = "noop", Attempt = 1, WorkerId = "w-1" };

    private static JobEvent Succeeded(JobId id, DateTimeOffset at) => new()
    {
        JobId = id,
        Owner = "u-1",
        Type = JobEventType.Succeeded,
        Timestamp = at,
        JobType = "noop",
        Attempt = 1,
        WorkerId = "w-1",
        Completion = new JobCompletion { JobId = id, Owner = "u-1", JobType = "noop", Status = JobStatus.Succeeded, Attempts = 1, WorkerId = "w-1" },
    };
}
