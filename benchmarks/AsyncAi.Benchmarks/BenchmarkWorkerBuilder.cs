using AsyncAi;
using AsyncAi.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Benchmarks;

/// <summary>Registers models without the SQS side of a worker, which the benchmark does not need.</summary>
internal sealed class BenchmarkWorkerBuilder(IServiceCollection services) : IAsyncAiWorkerBuilder
{
    public IServiceCollection Services { get; } = services;

    public IAsyncAiWorkerBuilder AddJobHandler<THandler>(string jobType)
        where THandler : class, IJobHandler
    {
        Services.AddKeyedScoped<IJobHandler, THandler>(jobType);
        return this;
    }

    public IAsyncAiWorkerBuilder AddJobHandler(string jobType, Func<IServiceProvider, IJobHandler> factory)
    {
        Services.AddKeyedScoped(jobType, (sp, _) => factory(sp));
        return this;
    }
}
