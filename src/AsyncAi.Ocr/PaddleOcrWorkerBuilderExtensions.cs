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
    /// <c>result.json</c> (<see cref="OcrResult"/>) and <c>overlay.png</c>. Registers the ONNX models
    /// <c>{JobType}-det</c>, <c>{JobType}-rec</c> and, while <see cref="PaddleOcrOptions.UseDirectionClassifier"/> is on,
    /// <c>{JobType}-cls</c>, each with dynamic batching.
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
        return AddPaddleOcrCore(builder, probe.JobType, probe.UseDirectionClassifier, o => o.Configure(configure));
    }

    /// <summary>Runs OCR jobs with options bound from a configuration section (see <see cref="PaddleOcrOptions"/>).</summary>
    /// <param name="builder">The worker builder.</param>
    /// <param name="configuration">The section, for example <c>AsyncAi:Worker:Ocr</c>.</param>
    /// <returns>The builder.</returns>
    public static IAsyncAiWorkerBuilder AddPaddleOcr(this IAsyncAiWorkerBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new PaddleOcrOptions();
        var jobType = configuration[nameof(PaddleOcrOptions.JobType)] ?? defaults.JobType;
        var classify = configuration.GetValue(nameof(PaddleOcrOptions.UseDirectionClassifier), defaults.UseDirectionClassifier);
        return AddPaddleOcrCore(builder, jobType, classify, o => o.Bind(configuration));
    }

    private static IAsyncAiWorkerBuilder AddPaddleOcrCore(IAsyncAiWorkerBuilder builder, string jobType, bool classify, Action<OptionsBuilder<PaddleOcrOptions>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        var services = builder.Services;
        var detectionName = jobType + "-det";
        var recognitionName = jobType + "-rec";
        var classifierName = jobType + "-cls";
        var optionsBuilder = services.AddOptions<PaddleOcrOptions>(jobType);
        configure(optionsBuilder);
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaddleOcrOptions>, PaddleOcrOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        builder.AddOnnxModel(detectionName, _ => { });
        builder.AddOnnxModel(recognitionName, _ => { });
        services.AddOptions<OnnxModelOptions>(detectionName)
            .Configure<IOptionsMonitor<PaddleOcrOptions>>((model, ocr) => CopyTo(ocr.Get(jobType), model, OcrModel.Detection));
        services.AddOptions<OnnxModelOptions>(recognitionName)
            .Configure<IOptionsMonitor<PaddleOcrOptions>>((model, ocr) => CopyTo(ocr.Get(jobType), model, OcrModel.Recognition));
        if (classify)
        {
            builder.AddOnnxModel(classifierName, _ => { });
            services.AddOptions<OnnxModelOptions>(classifierName)
                .Configure<IOptionsMonitor<PaddleOcrOptions>>((model, ocr) => CopyTo(ocr.Get(jobType), model, OcrModel.DirectionClassifier));
        }

        services.AddKeyedSingleton(jobType, (sp, _) => new PaddleOcrDictionary(sp.GetRequiredService<IOptionsMonitor<PaddleOcrOptions>>().Get(jobType).DictionaryPath!));

        return builder.AddJobHandler(jobType, sp => new PaddleOcrHandler(
            sp.GetRequiredKeyedService<OnnxModel>(detectionName),
            sp.GetRequiredKeyedService<OnnxModel>(recognitionName),
            classify ? sp.GetRequiredKeyedService<OnnxModel>(classifierName) : null,
            sp.GetRequiredKeyedService<PaddleOcrDictionary>(jobType),
            sp.GetRequiredService<IOptionsMonitor<PaddleOcrOptions>>().Get(jobType),
            sp.GetRequiredService<TimeProvider>()));
    }

    private enum OcrModel
    {
        Detection,
        Recognition,
        DirectionClassifier,
    }

    private static void CopyTo(PaddleOcrOptions ocr, OnnxModelOptions model, OcrModel which)
    {
        (model.ModelPath, model.ExpectedSha256) = which switch
        {
            OcrModel.Detection => (ocr.DetectionModelPath, ocr.DetectionModelSha256),
            OcrModel.Recognition => (ocr.RecognitionModelPath, ocr.RecognitionModelSha256),
            _ => (ocr.DirectionClassifierModelPath, ocr.DirectionClassifierModelSha256),
        };
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
