using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// The ONNX instruments on the worker's meter: batch sizes, model calls and their durations, each tagged with the
/// model and the execution provider in use, so a dashboard shows at once a worker that fell back to the CPU.
/// </summary>
internal sealed class OnnxMetrics : IDisposable
{
    public const string MeterName = "AsyncAi.Worker";

    private readonly Meter _meter;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _modelCalls;
    private readonly Histogram<double> _runDuration;

    public OnnxMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _batchSize = _meter.CreateHistogram<int>("asyncai.onnx.batch_size", "{item}", "Items stacked into one ONNX model call.");
        _modelCalls = _meter.CreateCounter<long>("asyncai.onnx.model_calls", "{call}", "ONNX model calls.");
        _runDuration = _meter.CreateHistogram<double>("asyncai.onnx.run.duration", "s", "Duration of one ONNX model call.");
    }

    public void RecordRun(string model, OnnxExecutionProvider provider, int batchSize, TimeSpan duration)
    {
        var tags = new TagList { { "asyncai.onnx.model", model }, { "asyncai.onnx.provider", provider.ToString() } };
        _batchSize.Record(batchSize, tags);
        _modelCalls.Add(1, tags);
        _runDuration.Record(duration.TotalSeconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
