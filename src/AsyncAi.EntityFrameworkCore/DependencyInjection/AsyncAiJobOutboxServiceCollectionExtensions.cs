using AsyncAi.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the transactional outbox on EF Core.</summary>
public static class AsyncAiJobOutboxServiceCollectionExtensions
{
    /// <summary>
    /// Publishes jobs in <typeparamref name="TContext"/>'s transactions: <see cref="IJobOutbox"/> (scoped, over the
    /// scope's context) stores them with the application's rows, and a hosted dispatcher sends committed ones through
    /// the registered <see cref="AsyncAi.IJobPublisher"/> (<c>AddAsyncAiClient</c>). Also registers the job store
    /// (<see cref="AsyncAiJobStoreServiceCollectionExtensions.AddAsyncAiJobStore{TContext}"/>), whose rows the outbox
    /// writes. Register the context as usual (<c>AddDbContext</c>), with
    /// <see cref="AsyncAiModelBuilderExtensions.AddAsyncAiJobs"/> in its model.
    /// </summary>
    /// <typeparam name="TContext">The application's context.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options, applied after configuration.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAsyncAiJobOutbox<TContext>(this IServiceCollection services, Action<JobOutboxOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<JobOutboxOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddAsyncAiJobStore<TContext>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOutboxOptions>, JobOutboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxCommitInterceptor>();
        services.TryAddSingleton(sp => new OutboxTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddScoped<IJobOutbox, JobOutbox<TContext>>();
        services.TryAddSingleton<JobOutboxDispatcher<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<JobOutboxDispatcher<TContext>>());

        // Every context the application resolves carries the interceptor that wakes the dispatcher at commit.
        services.ConfigureDbContext<TContext>((sp, db) => db.AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        return services;
    }

    /// <summary>
    /// As <see cref="AddAsyncAiJobOutbox{TContext}(IServiceCollection, Action{JobOutboxOptions})"/>, with the options
    /// bound from a configuration section (by convention <c>AsyncAi:Outbox</c>).
    /// </summary>
    /// <typeparam name="TContext">The application's context.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section to bind, for example <c>builder.Configuration.GetSection("AsyncAi:Outbox")</c>.</param>
    /// <param name="configure">Changes to the options, applied after configuration.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAsyncAiJobOutbox<TContext>(this IServiceCollection services, IConfiguration section, Action<JobOutboxOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<JobOutboxOptions>().Bind(section);
        return services.AddAsyncAiJobOutbox<TContext>(configure);
    }
}
