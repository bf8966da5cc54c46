namespace AsyncAi.Onnx.Tests;

/// <summary>Whole pages through the OCR job with the real models on the CPU: columns in reading order, and photos taken at an angle.</summary>
public sealed class OcrPageTests
{
    private static readonly string[] Paragraph = ["The quick brown fox jumps over", "the lazy dog near the river bank", "at 7:45 in the morning."];

    [Theory]
    [InlineData("right", 20f)]
    [InlineData("right", 10f)]
    [InlineData("top", 20f)]
    public async Task A_page_photographed_at_an_angle_is_read_with_its_spaces_between_words_and_none_inside(string shrunkEdge, float degrees)
    {
        var png = TextImages.RenderKeystone(24, degrees, shrunkEdge, Paragraph);
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        Assert.Equal(Paragraph, result.TextLines.Select(l => l.Text));
        Assert.Equal(string.Join('\n', Paragraph), Assert.Single(result.Blocks).Text);
    }

    [Fact]
    public async Task The_top_line_of_a_page_photographed_at_an_angle_is_read_though_the_direction_classifier_would_turn_it()
    {
        // At 22 px with the top edge shrunk by 20 degrees the classifier finds the first line upside down; turned,
        // it read as noise below MinTextConfidence and the line was lost.
        string[] lines = ["A perspective warp bends the page", "so words at the far edge shrink", "Invoice total 1,284.50 EUR paid"];
        var png = TextImages.RenderKeystone(22, 20, "top", lines);
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        Assert.Equal(lines, result.TextLines.Select(l => l.Text));
        Assert.All(result.Lines, l => Assert.InRange(Math.Abs(l.AngleDegrees), 0, 10));
    }

    [Fact]
    public async Task A_page_with_a_title_two_columns_and_a_footer_is_read_title_first_then_column_by_column_in_blocks()
    {
        var (png, _) = TextImages.RenderAt(
            1000,
            320,
            24,
            (24, 40, "Two columns under one title that spans both of them"),
            (24, 100, "The quick brown fox jumps over"),
            (520, 100, "GPU workers poll the queue"),
            (24, 148, "the lazy dog near the river"),
            (520, 148, "and upload results to S3."),
            (24, 196, "bank at 7:45."),
            (24, 290, "Page 2 of 7"));
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var result = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));

        Assert.Equal(
            ["Two columns under one title that spans both of them", "The quick brown fox jumps over\nthe lazy dog near the river\nbank at 7:45.", "GPU workers poll the queue\nand upload results to S3.", "Page 2 of 7"],
            result.Blocks.Select(b => b.Text));
        Assert.Equal(string.Join('\n', result.Blocks.Select(b => b.Text)), result.Text);
        Assert.Equal(Enumerable.Range(0, result.TextLines.Count), result.Blocks.SelectMany(b => b.TextLines));
        Assert.Equal(result.TextLines.Count, result.TextLines.SelectMany(l => l.Regions).Distinct().Count());
    }
}
