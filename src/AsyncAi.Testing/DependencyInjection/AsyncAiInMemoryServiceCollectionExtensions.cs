using AsyncAi;
using AsyncAi.Testing;
using AsyncAi.Worker;
using AsyncAi.Worker.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory mode of AsyncAi for tests.</summary>
public static class AsyncAiInMemoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers in-memory versions of both roles: <see cref="IJobPublisher"/>, <see cref="IJobEvents"/>,
    /// <see cref="IJobStatusStore"/>, <see cref="IJobStore"/> and <see cref="IResultStore"/> (replacing any registered before, for example
    /// by <c>AddAsyncAiClient</c>), a worker that runs the handlers registered on the returned builder, and
    /// <see cref="AsyncAiTestHarness"/> to drive and observe them. Nothing touches SQS or S3.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the defaults of <see cref="AsyncAiInMemoryOptions"/>, or <see langword="null"/>.</param>
    /// <returns>The builder to register job handlers on, as with <c>AddAsyncAiWorker</c>.</returns>
    public static IAsyncAiWorkerBuilder AddAsyncAiInMemory(this IServiceCollection services, Action<AsyncAiInMemoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<AsyncAiInMemoryOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        // Handlers are registered by the real worker's builder, so a test runs the same registrations (including
        // extension methods such as AddPaddleOcr) that production code makes.
        var builder = new AsyncAiWorkerBuilder(services, JobHandlerRegistry.GetOrAdd(services));

        // A second call adds options and handlers to the first registration rather than starting another.
        if (services.Any(d => d.ServiceType == typeof(InMemoryJobBoard)))
        {
            return builder;
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiInMemoryOptions>, AsyncAiInMemoryOptionsValidator>());
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddJobPipeline();

        services.AddSingleton<InMemoryObjectStore>();
        services.AddSingleton<InMemoryJobBoard>();
        services.AddSingleton<InMemoryJobRunner>();
        services.AddSingleton<InMemoryJobScheduler>();
        services.AddSingleton<InMemoryJobPublisher>();
        services.AddSingleton<InMemoryResultStore>();
        services.AddSingleton(sp => new AsyncAiTestHarness(sp, ownsServices: false));

        Replace<IJobPublisher>(services, sp => sp.GetRequiredService<InMemoryJobPublisher>());
        Replace<IJobEvents>(services, sp => sp.GetRequiredService<InMemoryJobBoard>());
        Replace<IJobStatusStore>(services, sp => sp.GetRequiredService<InMemoryJobBoard>());
        Replace<IJobStore>(services, sp => sp.GetRequiredService<InMemoryJobBoard>());
        Replace<IResultStore>(services, sp => sp.GetRequiredService<InMemoryResultStore>());
        return builder;
    }

    private static void Replace<TService>(IServiceCollection services, Func<IServiceProvider, TService> factory)
        where TService : class
    {
        services.RemoveAll<TService>();
        services.AddSingleton(factory);
    }
}
