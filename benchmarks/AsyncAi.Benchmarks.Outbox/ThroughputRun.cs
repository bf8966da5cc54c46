using System.Diagnostics;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>
/// Jobs/s with <see cref="OutboxBenchmarkSettings.Writers"/> requests in flight, each writing an order and its job:
/// through the outbox (clock stops when the dispatcher has sent the last job) against order-then-publish (clock
/// stops when the last publish returned). Passes alternate which side goes first.
/// </summary>
internal static class ThroughputRun
{
    public static async Task<(List<double> Outbox, List<double> Direct)> RunAsync(BenchmarkStage stage, string database, OutboxBenchmarkSettings settings)
    {
        var outbox = new List<double>();
        var direct = new List<double>();
        await PassAsync(stage, database, settings with { Jobs = Math.Min(200, settings.Jobs) }, throughOutbox: true);
        await PassAsync(stage, database, settings with { Jobs = Math.Min(200, settings.Jobs) }, throughOutbox: false);
        for (var pass = 0; pass < settings.Passes; pass++)
        {
            var outboxFirst = pass % 2 == 0;
            foreach (var throughOutbox in outboxFirst ? new[] { true, false } : [false, true])
            {
                (throughOutbox ? outbox : direct).Add(await PassAsync(stage, database, settings, throughOutbox));
            }
        }

        return (outbox, direct);
    }

    private static async Task<double> PassAsync(BenchmarkStage stage, string database, OutboxBenchmarkSettings settings, bool throughOutbox)
    {
        await using var backend = await stage.StartBackendAsync(database);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Writers).Select(writer => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < settings.Jobs)
            {
                _ = throughOutbox ? await backend.OrderThroughOutboxAsync(n) : await backend.OrderThenPublishAsync(n);
            }
        })));
        if (throughOutbox)
        {
            await backend.WaitForSentAsync(settings.Jobs, TimeSpan.FromMinutes(5));
        }

        return settings.Jobs / clock.Elapsed.TotalSeconds;
    }
}
