using AsyncAi.Benchmarks.Pipeline;
using AsyncAi.Benchmarks.Pipeline.Report;

namespace AsyncAi.Benchmarks.Tests;

/// <summary>
/// The benchmark's quick mode, shrunk to a couple of hundred jobs, against a real emulator: it proves the run
/// works end to end and that its request counts mean what the docs say. No timing is asserted.
/// </summary>
public sealed class PipelineBenchmarkSmokeTests
{
    private const int Jobs = 200;

    [Fact]
    public async Task Quick_run_drives_worker_and_raw_loop_through_the_emulator_and_counts_each_request_kind()
    {
        var output = Path.Combine(Path.GetTempPath(), "asyncai-bench-" + Guid.NewGuid().ToString("N"));
        var settings = BenchmarkSettings.Quick with
        {
            Jobs = Jobs,
            WarmupJobs = 0,
            Concurrencies = [16],
            LatencyJobs = 5,
            PublishJobs = Jobs,
            OutputDirectory = output,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var summary = await PipelineBenchmark.RunAsync(settings, TextWriter.Null, timeout.Token);

        Assert.Equal(2, summary.Throughput.Count);
        foreach (var row in summary.Throughput)
        {
            Assert.Equal(2, row.ReceiveLoops);
            Assert.All(row.Worker.Passes.Concat(row.Raw.Passes), pass => Assert.Equal(Jobs, pass.Jobs));

            // The raw loop makes exactly its three calls, one completion batch and one delete batch per receive that
            // brought messages, and never touches S3.
            var raw = row.Raw.Passes.Single().Requests;
            Assert.Equal(["SQS DeleteMessageBatch", "SQS ReceiveMessage", "SQS SendMessageBatch"], raw.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(raw["SQS SendMessageBatch"], raw["SQS DeleteMessageBatch"]);
            Assert.InRange(raw["SQS DeleteMessageBatch"], Jobs / 10, Jobs);

            // Records on: one completion record per job and no other S3 request but the heartbeat's cancel checks
            // (a tick may fall inside the pass); records off: no S3 request at all.
            var worker = row.Worker.Passes.Single().Requests;
            Assert.Equal(row.Records ? Jobs : 0, worker.GetValueOrDefault("S3 PutObject"));
            Assert.DoesNotContain(worker.Keys, k => k.StartsWith("S3 ", StringComparison.Ordinal) && (!row.Records || k is not ("S3 PutObject" or "S3 ListObjectsV2")));
            Assert.True(worker["SQS SendMessageBatch"] >= Jobs / 10, "every completion goes to the response queue");
            Assert.True(row.Worker.AllocatedBytesPerJob > 0);
        }

        Assert.Equal(3, summary.Latency.Count);
        Assert.All(summary.Latency, row => Assert.True(row.ToHandlerStart.P50 > 0 && row.ToCompletionSeen.P50 >= row.ToHandlerStart.P50));

        // The publisher and the raw publish both send batches of 10.
        Assert.Equal(0.1, summary.Publish.AsyncAi.RequestsPerJob["SQS SendMessageBatch"], 3);
        Assert.Equal(0.1, summary.Publish.Raw.RequestsPerJob["SQS SendMessageBatch"], 3);

        var json = Path.Combine(output, "summary.json");
        var chart = Path.Combine(output, "jobs-per-second.png");
        await SummaryWriter.WriteJsonAsync(summary, json);
        ChartWriter.Write(summary, chart);
        Assert.Contains("\"throughput\"", await File.ReadAllTextAsync(json), StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(chart))[..4]);
        Directory.Delete(output, recursive: true);
    }
}
