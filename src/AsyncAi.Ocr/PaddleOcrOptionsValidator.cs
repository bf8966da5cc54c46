using Microsoft.Extensions.Options;

namespace AsyncAi.Ocr;

/// <summary>Checks the OCR options at start, reporting every problem at once.</summary>
internal sealed class PaddleOcrOptionsValidator : IValidateOptions<PaddleOcrOptions>
{
    public ValidateOptionsResult Validate(string? name, PaddleOcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Require(errors, options.DetectionModelPath, nameof(options.DetectionModelPath));
        Require(errors, options.RecognitionModelPath, nameof(options.RecognitionModelPath));
        Require(errors, options.DictionaryPath, nameof(options.DictionaryPath));
        if (options.UseDirectionClassifier && string.IsNullOrWhiteSpace(options.DirectionClassifierModelPath))
        {
            errors.Add("PaddleOcr: DirectionClassifierModelPath is required while UseDirectionClassifier is true (run scripts/fetch-models.sh to get ch_ppocr_mobile_v2.0_cls_infer.onnx, or set UseDirectionClassifier to false).");
        }

        Fraction(errors, options.DirectionClassifierThreshold, nameof(options.DirectionClassifierThreshold));
        if (!StorageNames.IsSafeSegment(options.JobType.Replace('.', '-')))
        {
            errors.Add($"PaddleOcr: JobType '{options.JobType}' must be 1-128 letters, digits, '.', '-' or '_'.");
        }

        if (string.IsNullOrWhiteSpace(options.InputName))
        {
            errors.Add("PaddleOcr: InputName is required.");
        }

        if (options.DetectionMaxSideLength is < 32 or > 8192)
        {
            errors.Add($"PaddleOcr: DetectionMaxSideLength must be between 32 and 8192; it is {options.DetectionMaxSideLength}.");
        }

        Fraction(errors, options.DetectionThreshold, nameof(options.DetectionThreshold));
        Fraction(errors, options.DetectionBoxThreshold, nameof(options.DetectionBoxThreshold));
        Fraction(errors, options.MinTextConfidence, nameof(options.MinTextConfidence));
        // NaN compares false with every bound, so it is refused by name, as is infinity.
        if (!float.IsFinite(options.DetectionUnclipRatio) || options.DetectionUnclipRatio is < 0 or > 10)
        {
            errors.Add($"PaddleOcr: DetectionUnclipRatio must be between 0 and 10; it is {options.DetectionUnclipRatio}.");
        }

        if (options.RecognitionWidthBucket is < 8 or > 4096)
        {
            errors.Add($"PaddleOcr: RecognitionWidthBucket must be between 8 and 4096; it is {options.RecognitionWidthBucket}.");
        }

        if (options.RecognitionBatchSize is < 1 or > 256)
        {
            errors.Add($"PaddleOcr: RecognitionBatchSize must be between 1 and 256; it is {options.RecognitionBatchSize}.");
        }

        if (options.MaxRegionsInFlight < options.RecognitionBatchSize || options.MaxRegionsInFlight > 65536)
        {
            errors.Add($"PaddleOcr: MaxRegionsInFlight must be between RecognitionBatchSize ({options.RecognitionBatchSize}) and 65536; it is {options.MaxRegionsInFlight}.");
        }

        if (options.RecognitionMaxWidth < options.RecognitionWidthBucket)
        {
            errors.Add($"PaddleOcr: RecognitionMaxWidth ({options.RecognitionMaxWidth}) must be at least RecognitionWidthBucket ({options.RecognitionWidthBucket}).");
        }

        if (options.MaxImagePixels < 1)
        {
            errors.Add("PaddleOcr: MaxImagePixels must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"PaddleOcr: {setting} is required (run scripts/fetch-models.sh to get the PaddleOCR v4 models).");
        }
    }

    private static void Fraction(List<string> errors, float value, string setting)
    {
        if (!float.IsFinite(value) || value is < 0 or > 1)
        {
            errors.Add($"PaddleOcr: {setting} must be between 0 and 1; it is {value}.");
        }
    }
}
