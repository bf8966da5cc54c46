using Microsoft.Extensions.Options;

namespace AsyncAi.Onnx.Tests;

/// <summary>The OCR job on lines that are not upright and horizontal, with the real models on the CPU.</summary>
public sealed class RotatedTextTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    [InlineData(30)]
    [InlineData(-30)]
    public async Task A_tilted_line_is_read_exactly_and_its_box_follows_the_tilt(float degrees)
    {
        var png = TextImages.RenderLine(640, 360, 36, degrees, "Tilted line 2026");
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        var line = Assert.Single(result.Lines);
        Assert.Equal("Tilted line 2026", line.Text);
        Assert.InRange(line.AngleDegrees, degrees - 3, degrees + 3);
        Assert.Equal(4, line.Polygon.Count);
    }

    [Fact]
    public async Task An_upside_down_line_is_read_with_the_direction_classifier_and_its_polygon_starts_at_the_texts_top_left()
    {
        var png = TextImages.RenderLine(640, 200, 36, 180, "Upside down 2026");
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        var line = Assert.Single(result.Lines);
        Assert.Equal("Upside down 2026", line.Text);
        Assert.InRange(Math.Abs(line.AngleDegrees), 177, 180);
        // The text's top-left corner is at the image's lower right.
        Assert.True(line.Polygon[0].X > line.Polygon[2].X && line.Polygon[0].Y > line.Polygon[2].Y);
    }

    [Fact]
    public async Task Without_the_direction_classifier_no_classifier_model_is_registered()
    {
        var png = TextImages.RenderLine(480, 120, 36, 0, "Upright 42");
        await using var provider = await TestWorker.StartAsync(w => w.AddPaddleOcr(o =>
        {
            OcrTestSupport.Models()(o);
            o.UseDirectionClassifier = false;
            o.DirectionClassifierModelPath = null;
        }));

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        Assert.Equal("Upright 42", result.Text);
        Assert.Null(provider.GetKeyedService<OnnxModel>("ocr-cls"));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-2f)]
    public async Task A_tight_monospace_line_split_into_word_boxes_reads_each_letter_once(float letterSpacing)
    {
        var png = TextImages.RenderLine(720, 160, 34, 0, "GPU BATCH 64 CUDA", TextImages.MonospaceFontPath, letterSpacing);
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        Assert.Equal("GPU BATCH 64 CUDA", result.Text);
        Assert.Single(result.TextLines);
    }

    [Fact]
    public async Task Monospace_words_whose_enlarged_boxes_overlap_are_read_once_not_with_a_letter_twice()
    {
        // At this gap the detector finds "GPU" and "BATCH" as two kernels whose unclipped boxes overlap: read as
        // two crops, the B would be in both ("GPUB BATCH").
        var png = TextImages.RenderLine(900, 160, 34, 0, "GPU BATCH", TextImages.MonospaceFontPath, letterSpacing: -1.5f, wordGap: 35);
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());
        var handler = new PaddleOcrHandler(
            provider.GetRequiredKeyedService<OnnxModel>("ocr-det"),
            provider.GetRequiredKeyedService<OnnxModel>("ocr-rec"),
            null,
            provider.GetRequiredKeyedService<PaddleOcrDictionary>("ocr"),
            provider.GetRequiredService<IOptionsMonitor<PaddleOcrOptions>>().Get("ocr"),
            TimeProvider.System);
        using (var image = ImageDecoder.Decode(png))
        {
            var detected = await handler.DetectAsync(image, CancellationToken.None);
            Assert.Equal(2, detected.Count);
            Assert.True(LineLayout.Overlap(detected[0].Box, detected[1].Box) && LineLayout.OnOneLine(detected[0].Box, detected[1].Box));
        }

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        Assert.Equal("GPU BATCH", Assert.Single(result.Lines).Text);
    }

    [Fact]
    public async Task The_overlay_draws_the_rotated_box_not_the_upright_one()
    {
        var png = TextImages.RenderLine(640, 360, 36, 30, "Tilted line 2026");
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var job = await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png });

        var line = Assert.Single(OcrTestSupport.ReadResult(job).Lines);
        using var overlay = ImageDecoder.Decode(job.WrittenFiles["overlay.png"]);
        static bool Green(SkiaSharp.SKColor c) => c.Green > 150 && c.Red < 80 && c.Blue < 80;
        var (a, b) = (line.Polygon[0], line.Polygon[1]);
        Assert.True(Green(overlay.GetPixel((int)Math.Round((a.X + b.X) / 2), (int)Math.Round((a.Y + b.Y) / 2))), "the top edge's midpoint is drawn");
        // The upright box's top-left corner is far from the tilted outline: nothing is drawn there.
        Assert.False(Green(overlay.GetPixel(line.Box.X + 2, line.Box.Y + 2)));
    }

    [Fact]
    public async Task The_lines_of_one_image_are_recognised_in_one_batch_padded_to_the_widest()
    {
        var (png, _) = TextImages.Render(720, 420, 30, "First line of text", "Second one", "A third, longer line here", "4th", "Fifth line 2026");
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        var recognition = provider.GetRequiredKeyedService<OnnxModel>("ocr-rec").Statistics;
        Assert.Equal(["First line of text", "Second one", "A third, longer line here", "4th", "Fifth line 2026"], result.TextLines.Select(l => l.Text));
        Assert.Equal(5, recognition.Items);
        // Five crops of different widths, at most RecognitionBatchSize (6) a request: one request, one model call.
        Assert.Equal(1, recognition.ModelCalls);
        Assert.Equal(new Dictionary<int, long> { [5] = 1 }, recognition.GetBatchSizeHistogram());
    }
}
