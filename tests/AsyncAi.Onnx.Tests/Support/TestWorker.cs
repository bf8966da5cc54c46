using AsyncAi.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;

namespace AsyncAi.Onnx.Tests;

/// <summary>
/// The handler side of a worker without the queue: handlers registered the way the worker registers them (keyed,
/// scoped), hosted services started, and jobs run through a <see cref="FakeJobContext"/>.
/// </summary>
internal static class TestWorker
{
    public static ServiceProvider Build(Action<IAsyncAiWorkerBuilder> configure, FakeLoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        configure(new AsyncAiWorkerBuilder(services, JobHandlerRegistry.GetOrAdd(services)));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<ServiceProvider> StartAsync(Action<IAsyncAiWorkerBuilder> configure, FakeLoggerProvider? logs = null)
    {
        var provider = Build(configure, logs);
        try
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return provider;
    }

    public static async Task<FakeJobContext> RunJobAsync(IServiceProvider provider, string jobType, IReadOnlyDictionary<string, byte[]> inputs)
    {
        await using var scope = provider.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(jobType);
        var context = new FakeJobContext(scope.ServiceProvider, jobType, inputs);
        await handler.HandleAsync(context, CancellationToken.None);
        return context;
    }
}
