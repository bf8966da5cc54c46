using System.Diagnostics.Metrics;
using AsyncAi;
using AsyncAi.Aws.Configuration;
using AsyncAi.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the producer role of AsyncAi.</summary>
public static class AsyncAiClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the producer role, bound from configuration: <see cref="IJobPublisher"/>, <see cref="IJobEvents"/>,
    /// <see cref="IJobEventReceiver"/>, <see cref="IInputUploads"/>, <see cref="IResultStore"/>,
    /// <see cref="IJobStatusStore"/>, <see cref="WorkerUploadUrlIssuer"/> (usable when
    /// <c>WorkerUploads:Token</c> is set) and, when a response queue is set, the hosted listener. Options are
    /// validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">
    /// The <c>AsyncAi:Client</c> section itself, or a configuration root that has one (its <c>AsyncAi:Client</c>
    /// section is then used).
    /// </param>
    /// <param name="configure">Changes applied after binding, or <see langword="null"/>.</param>
    public static IServiceCollection AddAsyncAiClient(this IServiceCollection services, IConfiguration configuration, Action<AsyncAiClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = RoleConfigurationSection.Resolve(configuration, AsyncAiClientOptions.DefaultSectionName);
        var builder = services.AddOptions<AsyncAiClientOptions>().Bind(section);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services, section.Path);
    }

    /// <summary>Adds the producer role, configured in code. Options are validated when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddAsyncAiClient(this IServiceCollection services, Action<AsyncAiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AsyncAiClientOptions>().Configure(configure);
        return AddCore(services, AsyncAiClientOptions.DefaultSectionName);
    }

    private static IServiceCollection AddCore(IServiceCollection services, string sectionPath)
    {
        services.AddOptions<AsyncAiClientOptions>().ValidateOnStart();
        services.TryAddSingleton(new ClientOptionsSection(sectionPath));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiClientOptions>, AsyncAiClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiClientOptions>, WorkerUploadsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClientAwsClients>();
        services.TryAddSingleton(sp => new ClientTelemetry(sp.GetService<IMeterFactory>()));

        services.TryAddSingleton<IJobStatusStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AsyncAiClientOptions>>().Value;
            return options.StatusStore == JobStatusStoreKind.S3
                ? new S3JobStatusStore(sp.GetRequiredService<ClientAwsClients>(), options.Bucket!, options.RootPrefix)
                : new InMemoryJobStatusStore(options.InMemoryStatusCapacity);
        });
        services.TryAddSingleton<IJobStore>(sp => sp.GetRequiredService<IJobStatusStore>() as IJobStore
            ?? throw new InvalidOperationException(
                "The configured job status store cannot be queried (the S3 status store keeps one object per job). Use the "
                + "default in-memory store, or a database store such as AsyncAi.EntityFrameworkCore's, to list jobs."));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AsyncAiClientOptions>>().Value;
            return new CompletionRecords(
                sp.GetRequiredService<ClientAwsClients>(),
                options.Bucket!,
                options.RootPrefix,
                sp.GetRequiredService<ILogger<CompletionRecords>>());
        });
        services.TryAddSingleton<JobEventHub>();
        services.TryAddSingleton<JobEventDispatcher>();
        services.TryAddSingleton<IJobEventReceiver, JobEventReceiver>();

        services.TryAddSingleton<JobCancellation>();
        services.TryAddSingleton<IJobPublisher, SqsJobPublisher>();
        services.TryAddSingleton<IJobEvents, JobEventsService>();
        services.TryAddSingleton<IInputUploads, S3InputUploads>();
        services.TryAddSingleton<IResultStore, S3ResultStore>();
        services.TryAddSingleton(CreateWorkerUploadUrlIssuer);

        // The listener does nothing when no response queue is set; it is always registered so that a response queue
        // added by configuration alone is listened to.
        services.TryAddSingleton<ListenerStatus>();
        services.AddHostedService<ResponseQueueListener>();
        return services;
    }

    /// <summary>
    /// Adds application code that sees every job event at least once (see <see cref="IJobEventHandler"/>): the
    /// listener deletes a response-queue message only after every handler returned. Scoped: one instance per event.
    /// </summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAsyncAiJobEventHandler<THandler>(this IServiceCollection services)
        where THandler : class, IJobEventHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IJobEventHandler, THandler>());
        return services;
    }

    private static WorkerUploadUrlIssuer CreateWorkerUploadUrlIssuer(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AsyncAiClientOptions>>().Value;
        if (options.WorkerUploads is not { IsEnabled: true } uploads)
        {
            var section = services.GetRequiredService<ClientOptionsSection>().Path;
            throw new InvalidOperationException(
                $"The worker upload-URL issuer is off: set {section}:WorkerUploads:SigningKey (per-job credentials) or {section}:WorkerUploads:Token (a shared token) to turn it on.");
        }

        return new WorkerUploadUrlIssuer(
            services.GetRequiredService<ClientAwsClients>().S3,
            new WorkerUploadUrlIssuerOptions
            {
                Bucket = options.Bucket,
                RootPrefix = options.RootPrefix,
                SigningKey = uploads.SigningKey,
                WorkerToken = uploads.Token,
                UrlExpiry = uploads.UrlExpiry,
                CredentialLifetime = uploads.CredentialLifetime,
                MaxOutputBytes = uploads.MaxOutputBytes,
            },
            services.GetService<TimeProvider>());
    }
}
