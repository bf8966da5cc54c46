using AsyncAi.Worker;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ONNX models' health check: <c>services.AddHealthChecks().AddAsyncAiWorker().AddAsyncAiOnnxModels()</c>.</summary>
public static class OnnxHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the ONNX models' health check as <see cref="AsyncAiWorkerHealthChecks.ModelsLoaded"/>: unhealthy
    /// until every ONNX model the worker registered has loaded. Needs an ONNX handler (<c>AddOnnxJobHandler</c>, <c>AddPaddleOcr</c>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="tags">Extra tags besides <see cref="AsyncAiWorkerHealthChecks.Tag"/>.</param>
    public static IHealthChecksBuilder AddAsyncAiOnnxModels(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<OnnxModelsHealthCheck>(AsyncAiWorkerHealthChecks.ModelsLoaded, failureStatus: null, [AsyncAiWorkerHealthChecks.Tag, .. tags]);
    }
}
