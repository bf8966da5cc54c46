using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Healthy when every ONNX model is loaded; its data name each model's state and execution provider (for example
/// <c>text-detect: Ready on cuda:0</c>), so a worker that fell back to the CPU is visible from the health endpoint.
/// Applications register it with <c>services.AddHealthChecks().AddAsyncAiOnnxModels()</c>; the type itself is
/// plumbing and stays internal.
/// </summary>
internal sealed class OnnxModelsHealthCheck : IHealthCheck
{
    private readonly OnnxModelCatalog _catalog;

    /// <summary>Creates the check over the worker's models.</summary>
    /// <param name="catalog">The worker's models.</param>
    public OnnxModelsHealthCheck(OnnxModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var healthy = _catalog.IsHealthy(out var details);
        var data = details.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal);
        return Task.FromResult(healthy
            ? new HealthCheckResult(HealthStatus.Healthy, "All ONNX models are ready.", data: data)
            : new HealthCheckResult(HealthStatus.Unhealthy, "An ONNX model is loading or failed to load.", data: data));
    }
}
