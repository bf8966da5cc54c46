using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Worker;

/// <summary>
/// Registers handlers as keyed scoped services, the key being the job type, so that resolving a handler is a DI
/// lookup (no reflection) and each job gets its own scope.
/// </summary>
internal sealed class AsyncAiWorkerBuilder(IServiceCollection services, JobHandlerRegistry registry) : IAsyncAiWorkerBuilder
{
    public IServiceCollection Services { get; } = services;

    public IAsyncAiWorkerBuilder AddJobHandler<THandler>(string jobType)
        where THandler : class, IJobHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        registry.Add(jobType);
        Services.AddKeyedScoped<IJobHandler, THandler>(jobType);
        return this;
    }

    public IAsyncAiWorkerBuilder AddJobHandler(string jobType, Func<IServiceProvider, IJobHandler> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        ArgumentNullException.ThrowIfNull(factory);
        registry.Add(jobType);
        Services.AddKeyedScoped(jobType, (sp, _) => factory(sp));
        return this;
    }
}
