using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// Registers the transport-free part of the worker, shared by the SQS worker and the in-memory mode: the runner and
/// its telemetry. Each transport registers its own <see cref="IJobFiles"/>, <see cref="IJobEventSink"/> and
/// <see cref="JobRunnerSettings"/>.
/// </summary>
internal static class JobPipelineServices
{
    public static IServiceCollection AddJobPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton(sp => new WorkerTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<JobRunner>();
        return services;
    }
}
