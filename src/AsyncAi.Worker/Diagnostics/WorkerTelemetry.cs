using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AsyncAi.Worker.Diagnostics;

/// <summary>
/// The worker's traces and metrics, both named <c>AsyncAi.Worker</c>: one span per job (continuing the producer's
/// trace), counters of started, succeeded, failed and retried jobs, histograms of run time and queue time, and
/// the number of jobs in flight; with tenant limits on, per tenant: jobs in flight, their wait, and releases.
/// </summary>
internal sealed class WorkerTelemetry : IDisposable
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "AsyncAi.Worker";

    /// <summary>The tag naming a job's tenant on the per-tenant instruments (recorded only while tenant limits are on).</summary>
    public const string TenantTag = "asyncai.tenant";

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
        TenantInFlight = _meter.CreateUpDownCounter<long>("asyncai.worker.tenant.in_flight", "{job}", "Jobs of one tenant this worker holds right now (tenant limits on).");
        TenantWait = _meter.CreateHistogram<double>("asyncai.worker.tenant.wait", "s", "How long a tenant's job waited from publish to the start of its attempt (tenant limits on).");
        TenantReleased = _meter.CreateCounter<long>("asyncai.worker.tenant.released", "{message}", "Messages released back to the queue because their tenant held its limit.");
    }

    public Counter<long> JobsStarted { get; }

    public Counter<long> JobsSucceeded { get; }

    public Counter<long> JobsFailed { get; }

    public Counter<long> JobsRetried { get; }

    public Counter<long> JobsDeadLettered { get; }

    public Histogram<double> JobDuration { get; }

    public Histogram<double> QueueTime { get; }

    public UpDownCounter<long> InFlight { get; }

    public UpDownCounter<long> TenantInFlight { get; }

    public Histogram<double> TenantWait { get; }

    public Counter<long> TenantReleased { get; }

    public void Dispose() => _meter.Dispose();
}
