using AsyncAi.Aws.Configuration;
using AsyncAi.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AsyncAi operations dashboard. Map it with <c>app.MapAsyncAiDashboard("/ops")</c>.</summary>
public static class AsyncAiDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard's services, bound from configuration: the one hosted queue sampler, the dead-letter browser
    /// and antiforgery. Needs the producer role (<c>AddAsyncAiClient</c>). Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>AsyncAi:Dashboard</c> section itself, or a configuration root that has one.</param>
    /// <param name="configure">Changes applied after binding, or <see langword="null"/>.</param>
    public static IServiceCollection AddAsyncAiDashboard(this IServiceCollection services, IConfiguration configuration, Action<AsyncAiDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = RoleConfigurationSection.Resolve(configuration, AsyncAiDashboardOptions.DefaultSectionName);
        var builder = services.AddOptions<AsyncAiDashboardOptions>().Bind(section);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services, section.Path);
    }

    /// <summary>Adds the dashboard's services, configured in code (or with every default). Options are validated when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    public static IServiceCollection AddAsyncAiDashboard(this IServiceCollection services, Action<AsyncAiDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<AsyncAiDashboardOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services, AsyncAiDashboardOptions.DefaultSectionName);
    }

    private static IServiceCollection AddCore(IServiceCollection services, string sectionPath)
    {
        services.AddOptions<AsyncAiDashboardOptions>().ValidateOnStart();
        services.TryAddSingleton(new DashboardOptionsSection(sectionPath));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiDashboardOptions>, AsyncAiDashboardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddAntiforgery();
        services.TryAddSingleton<DashboardQueues>();
        services.TryAddSingleton<DashboardChanges>();
        services.TryAddSingleton<QueueSampler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QueueSampler>(sp => sp.GetRequiredService<QueueSampler>()));
        services.TryAddSingleton<DeadLetterBrowser>();
        services.TryAddSingleton<DashboardJobs>();
        return services;
    }
}
