using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AsyncAi.Worker.Diagnostics;

/// <summary>
/// The worker's traces and metrics, both named <c>AsyncAi.Worker</c>: one span per job (continuing the producer's
/// trace), counters of started, succeeded, failed and retried jobs, histograms of run time and queue time, and
/// the number of jobs in flight.
/// </summary>
internal sealed class WorkerTelemetry : IDisposable
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "AsyncAi.Worker";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public WorkerTelemetry(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        JobsStarted = _meter.CreateCounter<long>("asyncai.worker.jobs.started", "{job}", "Attempts of jobs whose handler began to run.");
        JobsSucceeded = _meter.CreateCounter<long>("asyncai.worker.jobs.succeeded", "{job}", "Jobs that completed successfully.");
        JobsFailed = _meter.CreateCounter<long>("asyncai.worker.jobs.failed", "{job}", "Jobs that ended without success (failed, cancelled or expired), by status and error code.");
        JobsRetried = _meter.CreateCounter<long>("asyncai.worker.jobs.retried", "{job}", "Attempts that failed with a retryable error and were scheduled again.");
        JobsDeadLettered = _meter.CreateCounter<long>("asyncai.worker.messages.dead_lettered", "{message}", "Messages moved to the dead-letter queue.");
        JobDuration = _meter.CreateHistogram<double>("asyncai.worker.job.duration", "s", "How long a handler ran, per attempt.");
        QueueTime = _meter.CreateHistogram<double>("asyncai.worker.job.queue_time", "s", "How long a job waited in the queue before this attempt began.");
        InFlight = _meter.CreateUpDownCounter<long>("asyncai.worker.jobs.in_flight", "{job}", "Jobs this worker holds right now.");
    }

    public Counter<long> JobsStarted { get; }

    public Counter<long> JobsSucceeded { get; }

    public Counter<long> JobsFailed { get; }

    public Counter<long> JobsRetried { get; }

    public Counter<long> JobsDeadLettered { get; }

    public Histogram<double> JobDuration { get; }

    public Histogram<double> QueueTime { get; }

    public UpDownCounter<long> InFlight { get; }

    public void Dispose() => _meter.Dispose();
}
