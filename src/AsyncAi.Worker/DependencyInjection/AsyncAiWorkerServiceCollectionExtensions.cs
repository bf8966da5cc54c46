using AsyncAi.Worker;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Polling;
using AsyncAi.Worker.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AsyncAi worker role: a hosted service that takes jobs from SQS and runs their handlers.</summary>
public static class AsyncAiWorkerServiceCollectionExtensions
{
    /// <summary>Adds the worker with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to register job handlers with.</returns>
    public static IAsyncAiWorkerBuilder AddAsyncAiWorker(this IServiceCollection services, Action<AsyncAiWorkerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services, AsyncAiWorkerOptions.SectionName);
        services.Configure(configure);
        return builder;
    }

    /// <summary>Adds the worker with options bound from a configuration section, then adjusted in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection(AsyncAiWorkerOptions.SectionName)</c>.</param>
    /// <param name="configure">Adjusts the bound options, or <see langword="null"/>.</param>
    /// <returns>A builder to register job handlers with.</returns>
    public static IAsyncAiWorkerBuilder AddAsyncAiWorker(this IServiceCollection services, IConfiguration configuration, Action<AsyncAiWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services, (configuration as IConfigurationSection)?.Path ?? string.Empty);
        services.AddOptions<AsyncAiWorkerOptions>().Bind(configuration);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    private static AsyncAiWorkerBuilder AddCore(IServiceCollection services, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The hosted service marks a collection the worker was added to before; a second call only adds options.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AsyncAiWorkerService)))
        {
            services.AddOptions<AsyncAiWorkerOptions>().ValidateOnStart();
            services.TryAddSingleton(new WorkerOptionsSection(sectionPath));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiWorkerOptions>, AsyncAiWorkerOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.AddLogging();
            services.TryAddSingleton<InFlightRegistry>();
            services.TryAddSingleton(sp => new WorkerTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
            services.TryAddSingleton<WorkerControl>();
            services.TryAddSingleton<IAsyncAiWorkerControl>(sp => sp.GetRequiredService<WorkerControl>());
            services.TryAddSingleton<WorkerComponents>();
            services.TryAddSingleton(sp => new AsyncAiWorkerHealthCheck(
                sp.GetRequiredService<WorkerControl>(),
                sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddHostedService<AsyncAiWorkerService>();
        }

        return new AsyncAiWorkerBuilder(services, JobHandlerRegistry.GetOrAdd(services));
    }
}
