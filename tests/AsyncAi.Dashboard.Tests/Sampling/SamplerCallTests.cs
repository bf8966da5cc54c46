using AsyncAi.Dashboard;
using Xunit.Abstractions;

namespace AsyncAi.Dashboard.Tests.Sampling;

/// <summary>One sampler for all viewers: the number of SQS calls per interval does not depend on how many watch.</summary>
public sealed class SamplerCallTests(FauxqsFixture fauxqs, ITestOutputHelper output) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task The_sampler_makes_one_GetQueueAttributes_per_queue_per_interval_with_1_or_50_streams_open()
    {
        await using var app = await DashboardApp.StartAsync(Emulator, o => o.SampleInterval = TimeSpan.FromMilliseconds(100));
        await app.WaitForQueuesAsync();
        var sampler = app.Services.GetRequiredService<QueueSampler>();

        var one = await MeasureAsync(app, sampler, streams: 1);
        var fifty = await MeasureAsync(app, sampler, streams: 50);

        output.WriteLine($"1 stream: {one.Calls} GetQueueAttributes in {one.Rounds} rounds = {one.PerRound:F2} per round; GetQueueUrl, visibility and send calls: {one.Other}");
        output.WriteLine($"50 streams: {fifty.Calls} GetQueueAttributes in {fifty.Rounds} rounds = {fifty.PerRound:F2} per round; GetQueueUrl, visibility and send calls: {fifty.Other}");
        Assert.Equal(4.0, one.PerRound);
        Assert.Equal(4.0, fifty.PerRound);
        Assert.Equal(0, one.Other);
        Assert.Equal(0, fifty.Other);
    }

    private static async Task<Measurement> MeasureAsync(DashboardApp app, QueueSampler sampler, int streams)
    {
        using var cancel = new CancellationTokenSource();
        var clients = Enumerable.Range(0, streams).Select(_ => app.CreateClient()).ToList();
        var events = new int[streams];
        var readers = clients.Select((client, i) => ReadAsync(client, i)).ToList();
        try
        {
            // Every stream has its first state before counting starts.
            var end = DateTime.UtcNow.AddSeconds(20);
            while (events.Any(e => Volatile.Read(ref e) == 0))
            {
                Assert.True(DateTime.UtcNow < end, "not every stream got its first event");
                await Task.Delay(20);
            }

            // Counted between two round boundaries, so a round in flight at either end is not half counted.
            var (rounds0, calls0, other0) = await AtRoundBoundaryAsync(app, sampler);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var (rounds1, calls1, other1) = await AtRoundBoundaryAsync(app, sampler);
            Assert.All(events, e => Assert.True(e >= 5, $"a stream got only {e} events"));
            return new Measurement(rounds1 - rounds0, calls1 - calls0, other1 - other0);
        }
        finally
        {
            await cancel.CancelAsync();
            foreach (var client in clients)
            {
                client.Dispose();
            }

            await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        async Task ReadAsync(HttpClient client, int index)
        {
            using var response = await client.GetAsync("/ops/api/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line == "event: state")
                {
                    Interlocked.Increment(ref events[index]);
                }
            }
        }
    }

    private static async Task<(long Rounds, int Calls, int Other)> AtRoundBoundaryAsync(DashboardApp app, QueueSampler sampler)
    {
        // Right after a round completes, the next is an interval away: read the counters then.
        var start = sampler.Rounds;
        while (sampler.Rounds == start)
        {
            await Task.Delay(2);
        }

        return (sampler.Rounds, app.Calls.Count("GetQueueAttributes"), app.Calls.Count("GetQueueUrl") + app.Calls.Count("ChangeMessageVisibilityBatch") + app.Calls.Count("SendMessageBatch"));
    }

    private sealed record Measurement(long Rounds, int Calls, int Other)
    {
        public double PerRound => (double)Calls / Rounds;
    }
}
