using AsyncAi.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Testing;

/// <summary>
/// Registers handlers exactly as the real worker does (keyed scoped services, the key being the job type), so that
/// a test runs the same registrations, including extension methods such as <c>AddPaddleOcr</c>, that
/// production code makes on <see cref="IAsyncAiWorkerBuilder"/>.
/// </summary>
internal sealed class InMemoryWorkerBuilder(IServiceCollection services, InMemoryHandlerRegistry registry) : IAsyncAiWorkerBuilder
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
