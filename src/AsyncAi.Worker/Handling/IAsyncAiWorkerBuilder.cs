using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Worker;

/// <summary>Registers the job handlers of a worker; returned by <c>AddAsyncAiWorker</c>.</summary>
public interface IAsyncAiWorkerBuilder
{
    /// <summary>The service collection the worker is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Runs jobs of <paramref name="jobType"/> with <typeparamref name="THandler"/>, resolved from a new DI scope per job.</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="jobType">The job type, as producers publish it.</param>
    IAsyncAiWorkerBuilder AddJobHandler<THandler>(string jobType)
        where THandler : class, IJobHandler;

    /// <summary>Runs jobs of <paramref name="jobType"/> with the handler the factory makes in each job's DI scope.</summary>
    /// <param name="jobType">The job type, as producers publish it.</param>
    /// <param name="factory">Makes the handler from the job's scope.</param>
    IAsyncAiWorkerBuilder AddJobHandler(string jobType, Func<IServiceProvider, IJobHandler> factory);
}
