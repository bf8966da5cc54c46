using AsyncAi.Aws.Configuration;
using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker;
using AsyncAi.Worker.Notifications;
using AsyncAi.Worker.Pipeline;
using AsyncAi.Worker.Control;
using AsyncAi.Worker.Sqs;
using AsyncAi.Worker.Tenancy;
using AsyncAi.Worker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AsyncAi worker role: a hosted service that takes jobs from SQS and runs their handlers.</summary>
public static class AsyncAiWorkerServiceCollectionExtensions
{
    /// <summary>Adds the worker with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to register job handlers with.</returns>
    public static IAsyncAiWorkerBuilder AddAsyncAiWorker(this IServiceCollection services, Action<AsyncAiWorkerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services, AsyncAiWorkerOptions.DefaultSectionName);
        services.Configure(configure);
        return builder;
    }

    /// <summary>Adds the worker with options bound from configuration, then adjusted in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">
    /// The <c>AsyncAi:Worker</c> section itself, or a configuration root that has one (its <c>AsyncAi:Worker</c>
    /// section is then used): the same rule as <c>AddAsyncAiClient</c>.
    /// </param>
    /// <param name="configure">Adjusts the bound options, or <see langword="null"/>.</param>
    /// <returns>A builder to register job handlers with.</returns>
    public static IAsyncAiWorkerBuilder AddAsyncAiWorker(this IServiceCollection services, IConfiguration configuration, Action<AsyncAiWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = RoleConfigurationSection.Resolve(configuration, AsyncAiWorkerOptions.DefaultSectionName);
        var builder = AddCore(services, section.Path);
        services.AddOptions<AsyncAiWorkerOptions>().Bind(section);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    private static AsyncAiWorkerBuilder AddCore(IServiceCollection services, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The hosted service marks a collection the worker was added to before; a second call only adds options.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqsJobConsumer)))
        {
            services.AddOptions<AsyncAiWorkerOptions>().ValidateOnStart();
            services.TryAddSingleton(new WorkerOptionsSection(sectionPath));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AsyncAiWorkerOptions>, AsyncAiWorkerOptionsValidator>());

            // The transport-free pipeline, and what the SQS transport gives it.
            services.AddJobPipeline();
            services.TryAddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value;
                return new JobRunnerSettings(options.WorkerId ?? Environment.MachineName, options.MaxAttempts, options.ProgressInterval);
            });
            services.TryAddSingleton<IJobFiles, S3JobFiles>();
            services.TryAddSingleton<IJobEventSink>(sp => sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value.ResponseQueueUrl is null
                ? ActivatorUtilities.CreateInstance<WebhookJobEventSink>(sp)
                : ActivatorUtilities.CreateInstance<SqsJobEventSink>(sp));
            services.TryAddSingleton<IOutputUploader>(sp => sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value.UploadMode == OutputUploadMode.PresignedUrls
                ? ActivatorUtilities.CreateInstance<PresignedUrlOutputUploader>(sp)
                : ActivatorUtilities.CreateInstance<DirectS3OutputUploader>(sp));
            services.TryAddSingleton<IOutputUploadUrlSource, HttpOutputUploadUrlSource>();

            // The SQS transport.
            services.TryAddSingleton<WorkerAwsClients>();
            services.TryAddSingleton(sp => new S3JobFolders(() => sp.GetRequiredService<WorkerAwsClients>().S3));
            services.TryAddSingleton<IncomingJobReader>();
            services.TryAddSingleton<RequestQueue>();
            services.TryAddSingleton<InFlightRegistry>();
            services.TryAddSingleton<SqsJobSettler>();
            services.TryAddSingleton<SqsJobDelivery>();
            services.TryAddSingleton<TenantLimiter>();
            services.TryAddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value;
                return new VisibilityRenewalPolicy(sp.GetRequiredService<TimeProvider>(), options.VisibilityTimeout, options.MaxJobRunTime);
            });
            services.TryAddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value;
                return ActivatorUtilities.CreateInstance<VisibilityHeartbeat>(sp, options.RecordsEnabled(), options.CancelCheckInterval);
            });
            services.TryAddSingleton(sp =>
            {
                var inFlight = sp.GetRequiredService<InFlightRegistry>();
                return new WorkerControl(() => inFlight.Count, sp.GetRequiredService<ILogger<WorkerControl>>());
            });
            services.TryAddSingleton<IAsyncAiWorkerControl>(sp => sp.GetRequiredService<WorkerControl>());
            services.TryAddSingleton(sp => new AsyncAiWorkerHealthCheck(
                sp.GetRequiredService<WorkerControl>(),
                sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>(),
                sp.GetRequiredService<TimeProvider>()));
            AddHttpClients(services);
            services.AddHostedService<SqsJobConsumer>();
        }

        return new AsyncAiWorkerBuilder(services, JobHandlerRegistry.GetOrAdd(services));
    }

    /// <summary>
    /// The worker's HTTP clients, named so that applications can add handlers, proxies and certificates. Redirects
    /// are never followed (a 3xx would re-post signed events elsewhere, or turn the POST into a GET).
    /// </summary>
    private static void AddHttpClients(IServiceCollection services)
    {
        static SocketsHttpHandler Primary() => new() { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        static WebhookOptions Webhook(IServiceProvider sp) => sp.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value.Webhook ?? new WebhookOptions();

        services.AddHttpClient(AsyncAiWorkerHttpClients.Webhooks, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(Primary)
            .AddResilienceHandler("asyncai-webhook", (pipeline, context) => WebhookResilience.ForCompletions(pipeline, Webhook(context.ServiceProvider)));
        services.AddHttpClient(AsyncAiWorkerHttpClients.WebhookProgress, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(Primary)
            .AddResilienceHandler("asyncai-webhook-progress", (pipeline, context) => WebhookResilience.ForProgress(pipeline, Webhook(context.ServiceProvider)));
        services.AddHttpClient(AsyncAiWorkerHttpClients.Uploads, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(Primary)
            .AddResilienceHandler("asyncai-uploads", (pipeline, context) =>
            {
                var uploads = context.ServiceProvider.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value.PresignedUploads;
                pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 3, BackoffType = DelayBackoffType.Exponential, UseJitter = true });
                pipeline.AddTimeout(uploads.RequestTimeout);
            });
    }
}
