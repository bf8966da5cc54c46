using AsyncAi.Ocr;
using AsyncAi.Worker;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PaddleOCR job on an AsyncAi worker.</summary>
public static class PaddleOcrWorkerBuilderExtensions
{
    /// <summary>
    /// Runs OCR jobs (type <see cref="PaddleOcrOptions.JobType"/>, default <c>ocr</c>): input <c>image</c>, outputs
    /// <c>result.json</c> (<see cref="OcrResult"/>) and <c>overlay.png</c>. Registers two ONNX models,
    /// <c>{JobType}-det</c> and <c>{JobType}-rec</c>, each with dynamic batching.
    /// </summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="configure">Sets the model paths and options.</param>
    /// <returns>The builder.</returns>
    public static IAsyncAiWorkerBuilder AddPaddleOcr(this IAsyncAiWorkerBuilder builder, Action<PaddleOcrOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        // The job type names the handler and the models, so it is read now.
        var probe = new PaddleOcrOptions();
        configure(probe);
        return AddPaddleOcrCore(builder, probe.JobType, o => o.Configure(configure));
    }

    /// <summary>Runs OCR jobs with options bound from a configuration section (see <see cref="PaddleOcrOptions"/>).</summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="configuration">The section, for example <c>AsyncAi:Worker:Ocr</c>.</param>
    /// <returns>The builder.</returns>
    public static IAsyncAiWorkerBuilder AddPaddleOcr(this IAsyncAiWorkerBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var jobType = configuration[nameof(PaddleOcrOptions.JobType)] ?? new PaddleOcrOptions().JobType;
        return AddPaddleOcrCore(builder, jobType, o => o.Bind(configuration));
    }

    private static IAsyncAiWorkerBuilder AddPaddleOcrCore(IAsyncAiWorkerBuilder builder, string jobType, Action<OptionsBuilder<PaddleOcrOptions>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        var services = builder.Services;
        var detectionName = jobType + "-det";
        var recognitionName = jobType + "-rec";
        var optionsBuilder = services.AddOptions<PaddleOcrOptions>(jobType);
        configure(optionsBuilder);
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaddleOcrOptions>, PaddleOcrOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        builder.AddOnnxModel(detectionName, _ => { });
        builder.AddOnnxModel(recognitionName, _ => { });
        services.AddOptions<OnnxModelOptions>(detectionName)
            .Configure<IOptionsMonitor<PaddleOcrOptions>>((model, ocr) => CopyTo(ocr.Get(jobType), model, detection: true));
        services.AddOptions<OnnxModelOptions>(recognitionName)
            .Configure<IOptionsMonitor<PaddleOcrOptions>>((model, ocr) => CopyTo(ocr.Get(jobType), model, detection: false));
        services.AddKeyedSingleton(jobType, (sp, _) => new PaddleOcrDictionary(sp.GetRequiredService<IOptionsMonitor<PaddleOcrOptions>>().Get(jobType).DictionaryPath!));

        return builder.AddJobHandler(jobType, sp => new PaddleOcrHandler(
            sp.GetRequiredKeyedService<OnnxModel>(detectionName),
            sp.GetRequiredKeyedService<OnnxModel>(recognitionName),
            sp.GetRequiredKeyedService<PaddleOcrDictionary>(jobType),
            sp.GetRequiredService<IOptionsMonitor<PaddleOcrOptions>>().Get(jobType),
            sp.GetRequiredService<TimeProvider>()));
    }

    private static void CopyTo(PaddleOcrOptions ocr, OnnxModelOptions model, bool detection)
    {
        model.ModelPath = detection ? ocr.DetectionModelPath : ocr.RecognitionModelPath;
        model.ExpectedSha256 = detection ? ocr.DetectionModelSha256 : ocr.RecognitionModelSha256;
        model.ModelCacheDirectory = ocr.ModelCacheDirectory;
        model.RequireGpu = ocr.RequireGpu;
        model.MaxBatchSize = ocr.MaxBatchSize;
        model.MaxBatchDelay = ocr.MaxBatchDelay;
        model.IntraOpThreads = ocr.IntraOpThreads;
        foreach (var provider in ocr.ExecutionProviders)
        {
            model.ExecutionProviders.Add(provider);
        }
    }
}
