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
}
