using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AsyncAi.Worker.Tests.Integration;

public sealed class TelemetryTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private const string MeterName = "AsyncAi.Worker";

    [Fact]
    public async Task The_worker_meter_counts_started_succeeded_and_failed_jobs_records_durations_and_returns_in_flight_to_zero()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var worker = await env.StartWorkerAsync(start: false);
        using var measurements = new WorkerMeasurements(worker.Services.GetRequiredService<IMeterFactory>());
        await worker.StartAsync();

        var ok = await env.Publisher.PublishAsync(new JobRequest("echo"));
        var rejected = await env.Publisher.PublishAsync(new JobRequest("reject"));
        Assert.Equal(JobStatus.Succeeded, (await env.WaitAsync(ok.JobId)).Status);
        Assert.Equal(JobStatus.Failed, (await env.WaitAsync(rejected.JobId)).Status);

        // The counters are written before the completion is reported; in flight drops only after the message is deleted.
        Assert.True(await measurements.InFlightReturnsToZeroAsync(TimeSpan.FromSeconds(60)), "Jobs in flight never returned to 0.");
        Assert.Equal(1, measurements.Sum("asyncai.worker.jobs.started", "echo"));
        Assert.Equal(1, measurements.Sum("asyncai.worker.jobs.started", "reject"));
        Assert.Equal(1, measurements.Sum("asyncai.worker.jobs.succeeded", "echo"));
        Assert.Equal(0, measurements.Sum("asyncai.worker.jobs.succeeded", "reject"));
        Assert.Equal(0, measurements.Sum("asyncai.worker.jobs.failed", "echo"));
        var failed = Assert.Single(measurements.Of("asyncai.worker.jobs.failed"));
        Assert.Equal("reject", failed.Tag("asyncai.job.type"));
        Assert.Equal(nameof(JobStatus.Failed), failed.Tag("asyncai.job.status"));
        Assert.Equal(JobErrorCodes.InvalidParameters, failed.Tag("error.type"));
        Assert.Equal(["echo", "reject"], measurements.Of("asyncai.worker.job.duration").Select(m => m.Tag("asyncai.job.type") as string).Order());
        Assert.All(measurements.Of("asyncai.worker.job.duration"), m => Assert.True(m.Value >= 0));
        Assert.Equal(["echo", "reject"], measurements.Of("asyncai.worker.job.queue_time").Select(m => m.Tag("asyncai.job.type") as string).Order());
        Assert.All(measurements.Of("asyncai.worker.job.queue_time"), m => Assert.True(m.Value >= 0));
        Assert.Contains(measurements.Of("asyncai.worker.jobs.in_flight"), m => m.Value > 0);
    }

    [Fact]
    public async Task The_worker_span_continues_the_trace_of_the_publish_span()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "AsyncAi.Client" or MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);

        // No ambient span: the worker's trace id can only come from the message.
        Activity.Current = null;
        var job = await env.Publisher.PublishAsync(new JobRequest("echo"));
        await env.WaitAsync(job.JobId);

        var publish = Assert.Single(spans, s => s.Source.Name == "AsyncAi.Client" && s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("asyncai.job.id"), job.JobId.Value));
        var run = await WorkerSpanAsync(spans, job.JobId, TimeSpan.FromSeconds(60));
        Assert.Equal(ActivityKind.Consumer, run.Kind);
        Assert.Equal(publish.TraceId, run.TraceId);
        Assert.Equal(publish.SpanId, run.ParentSpanId);
    }

    /// <summary>The worker's span ends after the message is deleted, which is after the client saw the completion.</summary>
    private static async Task<Activity> WorkerSpanAsync(ConcurrentQueue<Activity> spans, JobId jobId, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var span = spans.FirstOrDefault(s => s.Source.Name == MeterName && Equals(s.GetTagItem("asyncai.job.id"), jobId.Value));
            if (span is not null)
            {
                return span;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    private sealed record Measurement(double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? Tag(string name) => Tags.GetValueOrDefault(name);
    }

    /// <summary>
    /// Every measurement of the worker meter's instruments made through one host's meter factory (so parallel hosts
    /// don't mix in), gathered by Microsoft's <see cref="MetricCollector{T}"/>, one per instrument.
    /// </summary>
    private sealed class WorkerMeasurements : IDisposable
    {
        private static readonly string[] CountInstruments =
            ["asyncai.worker.jobs.started", "asyncai.worker.jobs.succeeded", "asyncai.worker.jobs.failed", "asyncai.worker.jobs.in_flight"];

        private static readonly string[] TimeInstruments = ["asyncai.worker.job.duration", "asyncai.worker.job.queue_time"];

        private readonly Dictionary<string, MetricCollector<long>> _counts;
        private readonly Dictionary<string, MetricCollector<double>> _times;

        public WorkerMeasurements(IMeterFactory scope)
        {
            _counts = CountInstruments.ToDictionary(name => name, name => new MetricCollector<long>(scope, MeterName, name));
            _times = TimeInstruments.ToDictionary(name => name, name => new MetricCollector<double>(scope, MeterName, name));
        }

        public IReadOnlyList<Measurement> Of(string instrument) =>
            _counts.TryGetValue(instrument, out var counts)
                ? [.. counts.GetMeasurementSnapshot().Select(m => new Measurement(m.Value, m.Tags))]
                : [.. _times[instrument].GetMeasurementSnapshot().Select(m => new Measurement(m.Value, m.Tags))];

        public double Sum(string instrument, string jobType) =>
            Of(instrument).Where(m => Equals(m.Tag("asyncai.job.type"), jobType)).Sum(m => m.Value);

        public async Task<bool> InFlightReturnsToZeroAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            while (!timeout.IsCancellationRequested)
            {
                var inFlight = Of("asyncai.worker.jobs.in_flight");
                if (inFlight.Count >= 4 && inFlight.Sum(m => m.Value) == 0)
                {
                    return true;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return false;
        }

        public void Dispose()
        {
            foreach (var collector in _counts.Values)
            {
                collector.Dispose();
            }

            foreach (var collector in _times.Values)
            {
                collector.Dispose();
            }
        }
    }
}
