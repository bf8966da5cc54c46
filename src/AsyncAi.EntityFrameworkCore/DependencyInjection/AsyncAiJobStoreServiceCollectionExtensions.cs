using AsyncAi;
using AsyncAi.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AsyncAi job store on EF Core.</summary>
public static class AsyncAiJobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Keeps the backend's jobs in <typeparamref name="TContext"/>'s database: the job store (<see cref="IJobStore"/>)
    /// and the status store every listener, waiter and endpoint uses (<see cref="IJobStatusStore"/>, replacing the
    /// in-memory default whether <c>AddAsyncAiClient</c> ran before or after). Register the context as usual
    /// (<c>AddDbContext</c>), with <see cref="AsyncAiModelBuilderExtensions.AddAsyncAiJobs"/> in its model, or use
    /// <see cref="AsyncAiJobsDbContext"/>.
    /// </summary>
    /// <typeparam name="TContext">The context that maps the table.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAsyncAiJobStore<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<EfJobStore<TContext>>();
        services.Replace(ServiceDescriptor.Singleton<IJobStore>(sp => sp.GetRequiredService<EfJobStore<TContext>>()));
        services.Replace(ServiceDescriptor.Singleton<IJobStatusStore>(sp => sp.GetRequiredService<EfJobStore<TContext>>()));
        return services;
    }
}
