namespace AsyncAi.Onnx.Tests;

/// <summary>Merging the boxes of one line, and grouping and ordering read regions, without models.</summary>
public sealed class LineLayoutTests
{
    private static RotatedBox Upright(float left, float top, float width, float height)
        => RotatedBox.FromCorners([new(left, top), new(left + width, top), new(left + width, top + height), new(left, top + height)]);

    private static OcrLine Region(string text, float left, float top, float width, float height, double degrees = 0)
    {
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = ((float)Math.Cos(radians), (float)Math.Sin(radians));
        SKPoint Turn(float x, float y) => new((x * cos) - (y * sin), (x * sin) + (y * cos));
        SKPoint[] corners = [Turn(left, top), Turn(left + width, top), Turn(left + width, top + height), Turn(left, top + height)];
        var xs = corners.Select(c => c.X).ToArray();
        var ys = corners.Select(c => c.Y).ToArray();
        return new OcrLine(text, 0.9f, new OcrBox((int)xs.Min(), (int)ys.Min(), (int)(xs.Max() - xs.Min()), (int)(ys.Max() - ys.Min())))
        {
            Polygon = [.. corners.Select(c => new OcrPoint(c.X, c.Y))],
            AngleDegrees = degrees,
        };
    }

    [Fact]
    public void Two_boxes_of_one_line_that_overlap_are_merged_into_one_box_around_both()
    {
        var gpu = new TextRegion(Upright(10, 10, 70, 30), 0.9f);
        var batch = new TextRegion(Upright(75, 11, 110, 30), 0.8f);

        var merged = Assert.Single(LineLayout.MergeOverlapping([gpu, batch]));

        Assert.Equal(10, merged.Box.Bounds.Left, 1);
        Assert.Equal(185, merged.Box.Bounds.Right, 1);
        Assert.Equal(0.9f, merged.Score);
    }

    [Fact]
    public void Boxes_that_do_not_overlap_or_lie_on_different_lines_stay_apart()
    {
        var word = new TextRegion(Upright(10, 10, 70, 30), 0.9f);
        var apart = new TextRegion(Upright(90, 10, 70, 30), 0.9f);
        // Overlapping by a few pixels vertically, but the next line down.
        var below = new TextRegion(Upright(10, 36, 70, 30), 0.9f);
        // Overlapping, but across the line at 90 degrees (a vertical label).
        var across = new TextRegion(RotatedBox.FromCorners([new(60, 0), new(75, 0), new(75, 80), new(60, 80)]), 0.9f);

        Assert.Equal(2, LineLayout.MergeOverlapping([word, apart]).Count);
        Assert.Equal(2, LineLayout.MergeOverlapping([word, below]).Count);
        Assert.Equal(2, LineLayout.MergeOverlapping([word, across]).Count);
    }

    [Fact]
    public void Regions_are_grouped_into_lines_and_ordered_top_to_bottom_and_left_to_right()
    {
        var (regions, lines, _) = LineLayout.Group([
            Region("world", 120, 12, 90, 30),
            Region("second", 10, 60, 120, 30),
            Region("hello", 10, 10, 90, 30),
        ]);

        Assert.Equal(["hello", "world", "second"], regions.Select(r => r.Text));
        Assert.Equal(["hello world", "second"], lines.Select(l => l.Text));
        Assert.Equal([0, 1], lines[0].Regions);
        Assert.Equal(new OcrBox(10, 10, 200, 32), lines[0].Box);
    }

    [Fact]
    public void Two_columns_are_read_column_by_column_under_a_title_that_spans_both()
    {
        var (_, lines, _) = LineLayout.Group([
            Region("Title over both", 10, 10, 600, 40),
            Region("left one", 10, 80, 250, 30),
            Region("right one", 360, 80, 250, 30),
            Region("left two", 10, 120, 250, 30),
            Region("right two", 360, 120, 250, 30),
        ]);

        Assert.Equal(["Title over both", "left one", "left two", "right one", "right two"], lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData(25)]
    [InlineData(180)]
    public void A_turned_page_is_read_in_its_own_order(double degrees)
    {
        // Laid out upright, then turned about the origin: the order must be the upright page's.
        var (_, lines, _) = LineLayout.Group([
            Region("second line", 10, 60, 200, 30, degrees),
            Region("first", 10, 10, 90, 30, degrees),
            Region("line", 110, 10, 90, 30, degrees),
        ]);

        Assert.Equal(["first line", "second line"], lines.Select(l => l.Text));
    }

    [Fact]
    public void An_upside_down_page_whose_angles_straddle_180_degrees_is_read_in_its_own_order()
    {
        // 179 and -179 degrees are one direction; a plain median of these would turn the page by about 0 degrees.
        var (_, lines, _) = LineLayout.Group([
            Region("second line", 10, 60, 200, 30, -179),
            Region("first", 10, 10, 90, 30, 179),
            Region("line", 110, 10, 90, 30, -179.5),
            Region("third", 10, 110, 200, 30, 179.5),
        ]);

        Assert.Equal(["first line", "second line", "third"], lines.Select(l => l.Text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(180)]
    public void A_turned_page_with_a_title_two_columns_and_a_footer_comes_back_in_blocks_of_its_lines(double degrees)
    {
        var (regions, lines, blocks) = LineLayout.Group([
            Region("right one", 360, 80, 250, 30, degrees),
            Region("Title over both", 10, 10, 600, 40, degrees),
            Region("left one", 10, 80, 250, 30, degrees),
            Region("left two", 10, 120, 200, 30, degrees),
            Region("right two", 360, 120, 240, 30, degrees),
            Region("footer", 10, 200, 120, 30, degrees),
        ]);

        Assert.Equal(["Title over both", "left one\nleft two", "right one\nright two", "footer"], blocks.Select(b => b.Text));
        Assert.Equal([[0], [1, 2], [3, 4], [5]], blocks.Select(b => b.TextLines.ToArray()));
        Assert.Equal(["Title over both", "left one", "left two", "right one", "right two", "footer"], lines.Select(l => l.Text));
        Assert.Equal(lines.Select(l => l.Text), regions.Select(r => r.Text));
        var left = blocks[1].Box;
        Assert.Equal(Math.Min(lines[1].Box.X, lines[2].Box.X), left.X);
        Assert.Equal(Math.Max(lines[1].Box.Y + lines[1].Box.Height, lines[2].Box.Y + lines[2].Box.Height), left.Y + left.Height);
    }

    [Fact]
    public void No_regions_give_no_lines_and_no_blocks()
    {
        var (regions, lines, blocks) = LineLayout.Group([]);

        Assert.Empty(regions);
        Assert.Empty(lines);
        Assert.Empty(blocks);
    }
}
