using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Onnx;

/// <summary>The ONNX part of the worker's log, source-generated.</summary>
internal static partial class OnnxLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "ONNX model '{Model}' loaded from {Path} on execution provider {Provider}; inputs {Inputs}; max batch size {MaxBatchSize}")]
    public static partial void ModelLoaded(ILogger logger, string model, string path, string provider, string inputs, int maxBatchSize);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "ONNX model '{Model}' failed to load; its jobs fail with model_failed: {Reason}")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception, string model, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "ONNX model '{Model}' could not use execution provider {Provider}")]
    public static partial void ProviderFailed(ILogger logger, Exception exception, string model, string provider);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "ONNX model '{Model}' FELL BACK to execution provider {Provider}; the preferred providers failed: {Failures}")]
    public static partial void ProviderFallback(ILogger logger, string model, string provider, string failures);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "ONNX model '{Model}': downloading {Uri}")]
    public static partial void ModelDownloading(ILogger logger, string model, string uri);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "ONNX model '{Model}': {Uri} found in the cache at {Path}")]
    public static partial void ModelCacheHit(ILogger logger, string model, string uri, string path);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "ONNX model '{Model}': the cached file {Path} fails its checksum and is downloaded again")]
    public static partial void ModelCacheStale(ILogger logger, string model, string path);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "ONNX model '{Model}' has a fixed batch dimension; its requests run one at a time")]
    public static partial void BatchingDisabled(ILogger logger, string model);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "ONNX model '{Model}' has {InputCount} inputs; WarmupShapes apply to single-input models and are skipped")]
    public static partial void WarmupSkipped(ILogger logger, string model, int inputCount);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "ONNX model '{Model}' FELL BACK to execution provider cpu as the last resort (ExecutionProviders lists no cpu; set RequireGpu to fail instead); the listed providers failed: {Failures}")]
    public static partial void LastResortCpu(ILogger logger, string model, string failures);
}
