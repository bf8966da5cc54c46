using AsyncAi.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of the AsyncAi endpoints (<c>MapAsyncAiJobs</c>, <c>MapAsyncAiWebhooks</c>, <c>MapAsyncAiWorkerUploads</c>).</summary>
public static class AsyncAiEndpointsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the endpoints' services, bound from configuration and validated when the host starts: the default
    /// <see cref="IJobAccessPolicy"/> (allows every call; register your own to replace it), the default
    /// <see cref="IWebhookDeliveryLog"/> (in memory) and problem details. Call <c>AddAsyncAiClient</c> too.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The <c>AsyncAi:Endpoints</c> section itself, or a configuration root that has one.</param>
    /// <param name="configure">Changes applied after binding (for example <see cref="JobEndpointsOptions.OwnerFromUser"/>), or <see langword="null"/>.</param>
    public static IServiceCollection AddAsyncAiEndpoints(this IServiceCollection services, IConfiguration configuration, Action<AsyncAiEndpointsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration as IConfigurationSection;
        if (section is null || section.Path.Length == 0)
        {
            section = configuration.GetSection(AsyncAiEndpointsOptions.DefaultSectionName);
        }

        var builder = services.AddOptions<AsyncAiEndpointsOptions>().Bind(section).ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiEndpointsOptions>, AsyncAiEndpointsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobAccessPolicy, AllowAllJobAccessPolicy>();
        services.TryAddSingleton<IWebhookDeliveryLog, InMemoryWebhookDeliveryLog>();
        services.TryAddSingleton<JobWebhookVerifier>();
        services.TryAddSingleton<JobViewFactory>();
        services.TryAddSingleton<JobEventStream>();
        services.AddProblemDetails();
        return services;
    }
}
