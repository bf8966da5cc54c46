using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Every ONNX model of the worker, for health checks and dashboards: each model's state, execution provider and
/// batch statistics.
/// </summary>
public sealed class OnnxModelCatalog
{
    private readonly IServiceProvider _services;
    private readonly string[] _names;

    internal OnnxModelCatalog(IServiceProvider services, IEnumerable<OnnxModelRegistration> registrations)
    {
        _services = services;
        _names = [.. registrations.Select(r => r.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The registered model names.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The registered models.</summary>
    public IEnumerable<OnnxModel> Models => _names.Select(n => _services.GetRequiredKeyedService<OnnxModel>(n));

    /// <summary>A model by name.</summary>
    /// <param name="name">The model name.</param>
    public OnnxModel Get(string name) => _services.GetRequiredKeyedService<OnnxModel>(name);

    /// <summary>
    /// A summary for a health check: healthy when every model is ready, with each model's state and provider
    /// (for example <c>text-detect: Ready on cuda:0</c>).
    /// </summary>
    /// <param name="details">Each model's state and provider, or its failure.</param>
    /// <returns>Whether every model is ready.</returns>
    public bool IsHealthy(out IReadOnlyDictionary<string, string> details)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var healthy = true;
        foreach (var model in Models)
        {
            healthy &= model.State == OnnxModelState.Ready;
            map[model.Name] = model.State switch
            {
                OnnxModelState.Ready => $"Ready on {model.ExecutionProvider}",
                OnnxModelState.Failed => $"Failed: {model.FailureMessage}",
                _ => "Loading",
            };
        }

        details = map;
        return healthy;
    }
}
