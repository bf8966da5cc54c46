using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Loads every registered model when the host starts, so the first jobs do not pay for it and a worker that must
/// not run (no native ONNX Runtime, no GPU where one is required) fails at start rather than on its first job.
/// A model that fails in any other way (a bad checksum, a corrupt file) is logged and fails only its own jobs.
/// </summary>
internal sealed class OnnxModelLoader(IServiceProvider services, IEnumerable<OnnxModelRegistration> registrations, ILogger<OnnxModelLoader> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loads = registrations
            .Select(r => r.Name)
            .Distinct(StringComparer.Ordinal)
            .Select(name => LoadAsync(services.GetRequiredKeyedService<OnnxModel>(name), cancellationToken))
            .ToList();
        await Task.WhenAll(loads).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LoadAsync(OnnxModel model, CancellationToken cancellationToken)
    {
        try
        {
            await model.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OnnxModelLoadException ex)
        {
            // Logged by the model; the worker goes on serving its other job types.
            _ = ex;
        }
        catch (Exception ex) when (ex is OnnxGpuUnavailableException or OnnxRuntimeMissingException)
        {
            OnnxLog.ModelLoadFailed(logger, ex, model.Name, "the worker cannot start");
            throw;
        }
    }
}

/// <summary>Marks a registered model name, so the loader and the catalog can find every model.</summary>
/// <param name="Name">The model name.</param>
internal sealed record OnnxModelRegistration(string Name);
