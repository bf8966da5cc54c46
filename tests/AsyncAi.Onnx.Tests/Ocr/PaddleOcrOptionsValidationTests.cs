namespace AsyncAi.Onnx.Tests;

public sealed class PaddleOcrOptionsValidationTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(-0.1f)]
    [InlineData(10.5f)]
    public void A_DetectionUnclipRatio_that_is_not_a_finite_number_from_0_to_10_fails(float ratio)
    {
        var options = Valid();
        options.DetectionUnclipRatio = ratio;

        var result = new PaddleOcrOptionsValidator().Validate("ocr", options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("DetectionUnclipRatio", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Probability_thresholds_that_are_not_finite_fail_each_by_name(float value)
    {
        var options = Valid();
        options.DetectionThreshold = value;
        options.DetectionBoxThreshold = value;
        options.MinTextConfidence = value;

        var failures = new PaddleOcrOptionsValidator().Validate("ocr", options).Failures!.ToList();

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("DetectionThreshold", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DetectionBoxThreshold", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MinTextConfidence", StringComparison.Ordinal));
    }

    [Fact]
    public void The_direction_classifier_is_on_by_default_and_then_needs_its_model_path()
    {
        var options = Valid();
        options.DirectionClassifierModelPath = null;

        var failure = Assert.Single(new PaddleOcrOptionsValidator().Validate("ocr", options).Failures!);
        options.UseDirectionClassifier = false;

        Assert.True(new PaddleOcrOptions().UseDirectionClassifier);
        Assert.Contains("DirectionClassifierModelPath", failure, StringComparison.Ordinal);
        Assert.True(new PaddleOcrOptionsValidator().Validate("ocr", options).Succeeded);
    }

    [Fact]
    public void Errors_read_path_value_rule_under_the_OCR_section()
    {
        var options = Valid();
        options.RecognitionBatchSize = 0;
        options.MaxRegionsInFlight = 64;

        var failure = Assert.Single(new PaddleOcrOptionsValidator().Validate("ocr", options).Failures!);

        Assert.Equal("AsyncAi:Worker:Ocr:RecognitionBatchSize = 0: must be between 1 and 256", failure);
    }

    [Fact]
    public void The_defaults_with_the_required_paths_pass()
        => Assert.True(new PaddleOcrOptionsValidator().Validate("ocr", Valid()).Succeeded);

    private static PaddleOcrOptions Valid() => new()
    {
        DetectionModelPath = "det.onnx",
        RecognitionModelPath = "rec.onnx",
        DictionaryPath = "keys.txt",
        DirectionClassifierModelPath = "cls.onnx",
    };
}
