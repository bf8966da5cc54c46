using AsyncAi.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services of the AsyncAi endpoints (<c>MapAsyncAiJobs</c>, <c>MapAsyncAiWebhooks</c>, <c>MapAsyncAiWorkerUploads</c>).</summary>
public static class AsyncAiEndpointsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the endpoints' services, bound from configuration and validated when the host starts. The job endpoints
    /// then require a signed-in user (401 otherwise; see <see cref="AddAsyncAiAnonymousJobs"/>) and scope every job to
    /// its user's owner; the default <see cref="IJobAccessPolicy"/> adds no rule of its own (register yours), the default
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
        services.TryAddSingleton<IJobAccessPolicy, OwnerScopedJobAccessPolicy>();
        services.TryAddSingleton<IWebhookDeliveryLog, InMemoryWebhookDeliveryLog>();
        services.TryAddSingleton<JobWebhookVerifier>();
        services.TryAddSingleton<JobViewFactory>();
        services.TryAddSingleton<JobEventStream>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>
    /// Lets callers who are not signed in create and follow jobs, which the job endpoints otherwise refuse (401). Each
    /// anonymous job is bound to an access key of 256 random bits, returned once at creation (<c>accessKey</c>, and in
    /// every URL the answer gives) and needed for every later call on the job, in the <c>X-AsyncAi-Access-Key</c>
    /// header or the <c>access</c> query parameter: whoever holds it reaches that job, nobody else reaches any.
    /// Signed-in users keep their own jobs as before.
    /// </summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddAsyncAiAnonymousJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<AnonymousJobsAllowed>();
        return services;
    }
}
