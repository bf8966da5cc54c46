using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// The outbox's traces and metrics, both named <c>AsyncAi.EntityFrameworkCore</c>: subscribe with
/// <c>AddSource("AsyncAi.EntityFrameworkCore")</c> and <c>AddMeter("AsyncAi.EntityFrameworkCore")</c>.
/// </summary>
internal sealed class OutboxTelemetry : IDisposable
{
    public const string Name = "AsyncAi.EntityFrameworkCore";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(OutboxTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public OutboxTelemetry(IMeterFactory? meterFactory = null)
    {
        // The factory's meter is what MetricCollector and the host's metrics pipeline see; a standalone one otherwise.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        Sent = _meter.CreateCounter<long>("asyncai.outbox.sent", "{job}", "Outbox rows sent to the request queue and deleted.");
        SendFailures = _meter.CreateCounter<long>("asyncai.outbox.send_failures", "{job}", "Sends of outbox rows that failed and will be retried.");
        Parked = _meter.CreateCounter<long>("asyncai.outbox.parked", "{job}", "Outbox rows given up on after their last attempt; they stay in the table until reset.");
        Lag = _meter.CreateHistogram<double>("asyncai.outbox.lag", "s", "Time from writing an outbox row to SQS accepting its job.");
    }

    public Counter<long> Sent { get; }

    public Counter<long> SendFailures { get; }

    public Counter<long> Parked { get; }

    public Histogram<double> Lag { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
