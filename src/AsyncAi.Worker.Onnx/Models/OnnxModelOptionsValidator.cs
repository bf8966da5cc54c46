using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Checks every model's options at start and reports all the problems of one model at once, each under the model's
/// conventional section <c>AsyncAi:Worker:Models:{name}</c> (<see cref="OptionErrors"/>).
/// </summary>
internal sealed class OnnxModelOptionsValidator : IValidateOptions<OnnxModelOptions>
{
    /// <summary>Where a model's settings are bound from by convention (docs/configuration.md), followed by its name.</summary>
    internal const string ModelsSection = "AsyncAi:Worker:Models";

    private const int MaxBatchSizeLimit = 4096;
    private static readonly TimeSpan MaxBatchDelayLimit = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, OnnxModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors($"{ModelsSection}:{name}");
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            errors.Add(nameof(options.ModelPath), options.ModelPath, "is required (a local file or s3://bucket/key)");
        }
        else if (ModelFileResolver.IsS3Uri(options.ModelPath) && !ModelFileResolver.TryParseS3Uri(options.ModelPath, out _, out _))
        {
            errors.Add(nameof(options.ModelPath), options.ModelPath, "is not a valid s3://bucket/key URI");
        }

        if (options.ExpectedSha256 is not null && !IsSha256(options.ExpectedSha256))
        {
            errors.Add(nameof(options.ExpectedSha256), options.ExpectedSha256, "must be 64 hexadecimal digits");
        }

        errors.Range(nameof(options.MaxBatchSize), options.MaxBatchSize, 1, MaxBatchSizeLimit);
        errors.Range(nameof(options.MaxBatchDelay), options.MaxBatchDelay, TimeSpan.Zero, MaxBatchDelayLimit);
        if (options.MaxConcurrentRuns < 1)
        {
            errors.Add(nameof(options.MaxConcurrentRuns), options.MaxConcurrentRuns, "must be at least 1");
        }

        if (options.IntraOpThreads is < 1)
        {
            errors.Add(nameof(options.IntraOpThreads), options.IntraOpThreads, "must be at least 1 when set");
        }

        if (options.RequireGpu && !options.ExecutionProviders.Any(p => p.IsGpu))
        {
            errors.Add(nameof(options.RequireGpu), options.RequireGpu, "is set but ExecutionProviders lists no GPU provider (for example \"cuda:0\")");
        }

        for (var i = 0; i < options.WarmupShapes.Count; i++)
        {
            var shape = options.WarmupShapes[i];
            if (shape is null || shape.Length == 0 || shape.Any(d => d < 1))
            {
                errors.Add($"{nameof(options.WarmupShapes)}:{i}", shape is null ? null : $"[{string.Join(",", shape)}]", "must be a non-empty list of positive dimensions");
            }
        }

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }

    private static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
