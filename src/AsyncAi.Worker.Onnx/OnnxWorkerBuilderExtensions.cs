using System.Diagnostics.Metrics;
using AsyncAi.Worker;
using AsyncAi.Worker.Onnx;
using AsyncAi.Worker.Sqs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ONNX models and ONNX job handlers on an AsyncAi worker.</summary>
public static class OnnxWorkerBuilderExtensions
{
    /// <summary>
    /// Runs jobs of <paramref name="jobType"/> through an ONNX model: the input mapper turns the job's files into
    /// tensors, the model runs (batched with concurrent jobs), the output mapper writes the result files. The model
    /// is registered under the job type's name, as by <see cref="AddOnnxModel(IAsyncAiWorkerBuilder, string, Action{OnnxModelOptions})"/>.
    /// </summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="jobType">The job type; also the model's name.</param>
    /// <param name="configure">Sets the model and the mappers.</param>
    /// <returns>The builder.</returns>
    public static IAsyncAiWorkerBuilder AddOnnxHandler(this IAsyncAiWorkerBuilder builder, string jobType, Action<OnnxHandlerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        ArgumentNullException.ThrowIfNull(configure);

        // The mapper types decide DI registrations, so the delegate runs once now to read them; the model's options
        // are then set by the same delegate on the model's own options instance (like every options delegate, it may
        // run again when options are rebuilt), so nothing is copied property by property.
        var handlerOptions = new OnnxHandlerOptions();
        configure(handlerOptions);
        builder.AddOnnxModel(jobType, model => configure(new OnnxHandlerOptions(model)));
        builder.Services.TryAddTransient(handlerOptions.InputMapperType);
        builder.Services.TryAddTransient(handlerOptions.OutputMapperType);
        var inputMapperType = handlerOptions.InputMapperType;
        var outputMapperType = handlerOptions.OutputMapperType;
        return builder.AddJobHandler(jobType, sp => new OnnxJobHandler(
            sp.GetRequiredKeyedService<OnnxModel>(jobType),
            (IOnnxInputMapper)sp.GetRequiredService(inputMapperType),
            (IOnnxOutputMapper)sp.GetRequiredService(outputMapperType)));
    }

    /// <summary>
    /// Registers an ONNX model, loaded when the host starts, shared by all jobs and resolvable as
    /// <c>[FromKeyedServices(modelName)] OnnxModel</c>, for handlers that run models themselves.
    /// </summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="modelName">The model's name (also its options name).</param>
    /// <param name="configure">Sets the model's options.</param>
    /// <returns>The builder.</returns>
    public static IAsyncAiWorkerBuilder AddOnnxModel(this IAsyncAiWorkerBuilder builder, string modelName, Action<OnnxModelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddOnnxModelCore(builder.Services, modelName).Configure(configure);
        return builder;
    }

    /// <summary>Registers an ONNX model bound from a configuration section (see <see cref="OnnxModelOptions"/>).</summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="modelName">The model's name (also its options name).</param>
    /// <param name="configuration">The section, for example <c>AsyncAi:Worker:Models:text-detect</c>.</param>
    /// <returns>The builder.</returns>
    public static IAsyncAiWorkerBuilder AddOnnxModel(this IAsyncAiWorkerBuilder builder, string modelName, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddOnnxModelCore(builder.Services, modelName).Bind(configuration);
        return builder;
    }

    private static OptionsBuilder<OnnxModelOptions> AddOnnxModelCore(IServiceCollection services, string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        if (services.Any(d => d.ServiceType == typeof(OnnxModelRegistration) && d.ImplementationInstance is OnnxModelRegistration r && r.Name == modelName))
        {
            throw new InvalidOperationException($"An ONNX model named '{modelName}' is already registered.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxModelOptions>, OnnxModelOptionsValidator>());
        services.TryAddSingleton(sp => new OnnxMetrics(sp.GetService<IMeterFactory>()));
        // Models at s3:// are downloaded with the worker's own S3 client (the application's IAmazonS3, or one made from
        // AsyncAi:Worker:Aws); registered here too for a worker without the SQS transport, such as the in-memory one.
        services.TryAddSingleton<WorkerAwsClients>();
        services.TryAddSingleton(sp => new OnnxModelCatalog(sp, sp.GetServices<OnnxModelRegistration>()));
        services.TryAddSingleton<OnnxModelsHealthCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OnnxModelLoader>());
        services.AddSingleton(new OnnxModelRegistration(modelName));
        services.AddKeyedSingleton(modelName, (sp, _) =>
        {
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("AsyncAi.Worker.Onnx") ?? NullLogger.Instance;
            var aws = sp.GetRequiredService<WorkerAwsClients>();
            return new OnnxModel(
                modelName,
                sp.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get(modelName),
                new ModelFileResolver(() => aws.S3, logger),
                new OnnxSessionFactory(logger),
                sp.GetRequiredService<OnnxMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                logger);
        });
        return services.AddOptions<OnnxModelOptions>(modelName).ValidateOnStart();
    }
}
