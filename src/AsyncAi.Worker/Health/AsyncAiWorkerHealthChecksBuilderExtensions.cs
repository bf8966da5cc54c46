using AsyncAi.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the worker role's health check: <c>services.AddHealthChecks().AddAsyncAiWorker()</c> (ONNX models: <c>AddAsyncAiOnnxModels()</c> in AsyncAi.Worker.Onnx).</summary>
public static class AsyncAiWorkerHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the worker's health check as <see cref="AsyncAiWorkerHealthChecks.Receiving"/>: unhealthy when
    /// the poller is not running or receives keep failing, degraded when it has free slots but no recent receive.
    /// Needs <c>AddAsyncAiWorker</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="tags">Extra tags besides <see cref="AsyncAiWorkerHealthChecks.Tag"/> (for example <c>ready</c>).</param>
    public static IHealthChecksBuilder AddAsyncAiWorker(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<AsyncAiWorkerHealthCheck>(AsyncAiWorkerHealthChecks.Receiving, failureStatus: null, [AsyncAiWorkerHealthChecks.Tag, .. tags]);
    }
}
