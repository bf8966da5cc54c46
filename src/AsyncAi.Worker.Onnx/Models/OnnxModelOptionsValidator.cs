using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Onnx;

/// <summary>Checks every model's options at start and reports all the problems of one model at once.</summary>
internal sealed class OnnxModelOptionsValidator : IValidateOptions<OnnxModelOptions>
{
    private const int MaxBatchSizeLimit = 4096;
    private static readonly TimeSpan MaxBatchDelayLimit = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, OnnxModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = $"ONNX model '{name}': ";
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            errors.Add(prefix + "ModelPath is required (a local file or s3://bucket/key).");
        }
        else if (ModelFileResolver.IsS3Uri(options.ModelPath) && !ModelFileResolver.TryParseS3Uri(options.ModelPath, out _, out _))
        {
            errors.Add(prefix + $"ModelPath '{options.ModelPath}' is not a valid s3://bucket/key URI.");
        }

        if (options.ExpectedSha256 is not null && !IsSha256(options.ExpectedSha256))
        {
            errors.Add(prefix + "ExpectedSha256 must be 64 hexadecimal digits.");
        }

        if (options.MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            errors.Add(prefix + $"MaxBatchSize must be between 1 and {MaxBatchSizeLimit}; it is {options.MaxBatchSize}.");
        }

        if (options.MaxBatchDelay < TimeSpan.Zero || options.MaxBatchDelay > MaxBatchDelayLimit)
        {
            errors.Add(prefix + $"MaxBatchDelay must be between 0 and {MaxBatchDelayLimit}; it is {options.MaxBatchDelay}.");
        }

        if (options.MaxConcurrentRuns < 1)
        {
            errors.Add(prefix + $"MaxConcurrentRuns must be at least 1; it is {options.MaxConcurrentRuns}.");
        }

        if (options.IntraOpThreads is < 1)
        {
            errors.Add(prefix + $"IntraOpThreads must be at least 1 when set; it is {options.IntraOpThreads}.");
        }

        if (options.RequireGpu && !options.ExecutionProviders.Any(p => p.IsGpu))
        {
            errors.Add(prefix + "RequireGpu is set but ExecutionProviders lists no GPU provider (for example \"cuda:0\").");
        }

        for (var i = 0; i < options.WarmupShapes.Count; i++)
        {
            var shape = options.WarmupShapes[i];
            if (shape is null || shape.Length == 0 || shape.Any(d => d < 1))
            {
                errors.Add(prefix + $"WarmupShapes[{i}] must be a non-empty list of positive dimensions.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
