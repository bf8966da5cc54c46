using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQS and S3 clients that AsyncAi and the rest of the application share.</summary>
public static class AsyncAiAwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAmazonSQS"/> and <see cref="IAmazonS3"/> singletons built from
    /// <see cref="AwsConnectionOptions"/> with the default credential chain (see <see cref="AsyncAiAwsClients"/>).
    /// AsyncAi's roles then use them instead of building their own, so the application's provisioning, presigning
    /// and AsyncAi itself talk to the same endpoint. Clients registered before this call are kept.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section that holds the settings, for example <c>AsyncAi:Client:Aws</c>.</param>
    /// <param name="configure">Changes applied after binding, or <see langword="null"/>.</param>
    public static IServiceCollection AddAsyncAiAwsClients(this IServiceCollection services, IConfiguration configuration, Action<AwsConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<AwsConnectionOptions>().Bind(configuration);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services, (configuration as IConfigurationSection)?.Path);
    }

    /// <summary>
    /// Registers <see cref="IAmazonSQS"/> and <see cref="IAmazonS3"/> singletons built from
    /// <see cref="AwsConnectionOptions"/> set in code. Clients registered before this call are kept.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; leave them unset on AWS.</param>
    public static IServiceCollection AddAsyncAiAwsClients(this IServiceCollection services, Action<AwsConnectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AwsConnectionOptions>().Configure(configure);
        return AddCore(services, sectionPath: null);
    }

    private static IServiceCollection AddCore(IServiceCollection services, string? sectionPath)
    {
        services.AddOptions<AwsConnectionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsConnectionOptions>>(new AwsConnectionOptionsValidator(sectionPath)));
        services.TryAddSingleton(sp => AsyncAiAwsClients.CreateSqs(sp.GetRequiredService<IOptions<AwsConnectionOptions>>().Value));
        services.TryAddSingleton(sp => AsyncAiAwsClients.CreateS3(sp.GetRequiredService<IOptions<AwsConnectionOptions>>().Value));
        return services;
    }
}
