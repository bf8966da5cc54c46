using Microsoft.Extensions.Options;

namespace AsyncAi.Ocr;

/// <summary>
/// Checks the OCR options at start, reporting every problem at once under the conventional section
/// <c>AsyncAi:Worker:Ocr</c> (<see cref="OptionErrors"/>).
/// </summary>
internal sealed class PaddleOcrOptionsValidator : IValidateOptions<PaddleOcrOptions>
{
    /// <summary>Where the OCR settings are bound from by convention (docs/configuration.md).</summary>
    internal const string Section = "AsyncAi:Worker:Ocr";

    private const string FetchModels = "run scripts/fetch-models.sh to get the PaddleOCR v4 models";

    public ValidateOptionsResult Validate(string? name, PaddleOcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(Section);
        Require(errors, nameof(options.DetectionModelPath), options.DetectionModelPath);
        Require(errors, nameof(options.RecognitionModelPath), options.RecognitionModelPath);
        Require(errors, nameof(options.DictionaryPath), options.DictionaryPath);
        if (options.UseDirectionClassifier && string.IsNullOrWhiteSpace(options.DirectionClassifierModelPath))
        {
            errors.Add(nameof(options.DirectionClassifierModelPath), options.DirectionClassifierModelPath, "is required while UseDirectionClassifier is true (run scripts/fetch-models.sh to get ch_ppocr_mobile_v2.0_cls_infer.onnx, or set UseDirectionClassifier to false)");
        }

        Fraction(errors, nameof(options.DirectionClassifierThreshold), options.DirectionClassifierThreshold);
        if (!StorageNames.IsSafeSegment(options.JobType.Replace('.', '-')))
        {
            errors.Add(nameof(options.JobType), options.JobType, "must be 1-128 letters, digits, '.', '-' or '_'");
        }

        if (string.IsNullOrWhiteSpace(options.InputName))
        {
            errors.Add(nameof(options.InputName), options.InputName, "is required");
        }

        errors.Range(nameof(options.DetectionMaxSideLength), options.DetectionMaxSideLength, 32, 8192);
        Fraction(errors, nameof(options.DetectionThreshold), options.DetectionThreshold);
        Fraction(errors, nameof(options.DetectionBoxThreshold), options.DetectionBoxThreshold);
        Fraction(errors, nameof(options.MinTextConfidence), options.MinTextConfidence);

        // NaN compares false with every bound, so it is refused by name, as is infinity.
        if (!float.IsFinite(options.DetectionUnclipRatio) || options.DetectionUnclipRatio is < 0 or > 10)
        {
            errors.Add(nameof(options.DetectionUnclipRatio), options.DetectionUnclipRatio, "must be between 0 and 10");
        }

        errors.Range(nameof(options.RecognitionWidthBucket), options.RecognitionWidthBucket, 8, 4096);
        errors.Range(nameof(options.RecognitionBatchSize), options.RecognitionBatchSize, 1, 256);
        if (options.MaxRegionsInFlight < options.RecognitionBatchSize || options.MaxRegionsInFlight > 65536)
        {
            errors.Add(nameof(options.MaxRegionsInFlight), options.MaxRegionsInFlight, $"must be between RecognitionBatchSize ({options.RecognitionBatchSize}) and 65536");
        }

        if (options.RecognitionMaxWidth < options.RecognitionWidthBucket)
        {
            errors.Add(nameof(options.RecognitionMaxWidth), options.RecognitionMaxWidth, $"must be at least RecognitionWidthBucket ({options.RecognitionWidthBucket})");
        }

        if (options.MaxImagePixels < 1)
        {
            errors.Add(nameof(options.MaxImagePixels), options.MaxImagePixels, "must be positive");
        }

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }

    private static void Require(OptionErrors errors, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(setting, value, $"is required ({FetchModels})");
        }
    }

    private static void Fraction(OptionErrors errors, string setting, float value)
    {
        if (!float.IsFinite(value) || value is < 0 or > 1)
        {
            errors.Add(setting, value, "must be between 0 and 1");
        }
    }
}
