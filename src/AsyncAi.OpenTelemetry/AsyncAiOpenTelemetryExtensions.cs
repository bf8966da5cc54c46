using AsyncAi.OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OpenTelemetry;

/// <summary>Subscribes OpenTelemetry to AsyncAi, like <c>AddAWSMessagingInstrumentation()</c> does for AWS.Messaging.</summary>
public static class AsyncAiOpenTelemetryExtensions
{
    /// <summary>
    /// Records the spans of both roles: <c>{queue} create</c> and <c>{queue} publish</c> (producer, with the
    /// job's trace context carried in the message) and <c>asyncai.worker.job</c> (consumer, one per attempt, a
    /// child of the publisher's span).
    /// </summary>
    /// <param name="builder">The tracer provider builder, for example from <c>services.AddOpenTelemetry().WithTracing(...)</c>.</param>
    public static TracerProviderBuilder AddAsyncAiInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource([.. AsyncAiInstrumentation.AllNames]);
    }

    /// <summary>Records the metrics of both roles (<c>asyncai.client.*</c>, <c>asyncai.worker.*</c>, <c>asyncai.onnx.*</c>).</summary>
    /// <param name="builder">The meter provider builder, for example from <c>services.AddOpenTelemetry().WithMetrics(...)</c>.</param>
    public static MeterProviderBuilder AddAsyncAiInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter([.. AsyncAiInstrumentation.AllNames]);
    }
}
