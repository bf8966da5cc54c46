using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AsyncAi.Client;

/// <summary>
/// The producer's traces and metrics, both named <c>AsyncAi.Client</c>: subscribe with
/// <c>AddSource("AsyncAi.Client")</c> and <c>AddMeter("AsyncAi.Client")</c> in OpenTelemetry.
/// </summary>
internal sealed class ClientTelemetry : IDisposable
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "AsyncAi.Client";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(ClientTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public ClientTelemetry(IMeterFactory? meterFactory = null)
    {
        // The factory's meter is what MetricCollector and the host's metrics pipeline see; a standalone one otherwise.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        JobsPublished = _meter.CreateCounter<long>("asyncai.client.jobs.published", "{job}", "Jobs sent to the request queue.");
        DuplicatePublishes = _meter.CreateCounter<long>("asyncai.client.jobs.duplicate", "{job}", "Publishes answered from an earlier publish with the same idempotency key.");
        ClaimChecks = _meter.CreateCounter<long>("asyncai.client.claim_checks", "{job}", "Jobs too large for the queue, stored in S3 with a claim check.");
        EventsReceived = _meter.CreateCounter<long>("asyncai.client.events.received", "{event}", "Job events handled, from the response queue or handed to IJobEventReceiver.");
        DuplicateEvents = _meter.CreateCounter<long>("asyncai.client.events.duplicate", "{event}", "Job events dropped because they had been delivered before.");
        MalformedMessages = _meter.CreateCounter<long>("asyncai.client.messages.malformed", "{message}", "Response-queue messages that could not be read as job events.");
    }

    public Counter<long> JobsPublished { get; }

    public Counter<long> DuplicatePublishes { get; }

    public Counter<long> ClaimChecks { get; }

    public Counter<long> EventsReceived { get; }

    public Counter<long> DuplicateEvents { get; }

    public Counter<long> MalformedMessages { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
