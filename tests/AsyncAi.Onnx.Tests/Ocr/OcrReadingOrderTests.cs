using AsyncAi.Ocr;

namespace AsyncAi.Onnx.Tests;

/// <summary>The reading order of a page's lines (recursive XY-cut on their boxes), without models.</summary>
public sealed class OcrReadingOrderTests
{
    private const double Height = 30;

    /// <summary>A line of the usual height whose top-left corner is at (x, y), in line heights.</summary>
    private static LayoutBox Line(double x, double y, double width) => new(x * Height, y * Height, (x + width) * Height, (y * Height) + Height);

    /// <summary>The blocks of the page as the given names, each block its lines' names in reading order.</summary>
    private static string[][] Read(params (string Name, LayoutBox Box)[] lines)
        => [.. XyCut.Blocks([.. lines.Select(l => l.Box)]).Select(b => b.Select(i => lines[i].Name).ToArray())];

    [Fact]
    public void No_lines_give_no_blocks()
    {
        Assert.Empty(XyCut.Blocks([]));
    }

    [Fact]
    public void A_single_paragraph_is_one_block_read_top_to_bottom()
    {
        var blocks = Read(("third", Line(1, 5, 18)), ("first", Line(1, 1, 20)), ("second", Line(1, 3, 19)));

        Assert.Equal([["first", "second", "third"]], blocks);
    }

    [Fact]
    public void Two_columns_whose_rows_line_up_are_read_column_by_column()
    {
        var blocks = Read(
            ("L1", Line(1, 1, 15)), ("R1", Line(18, 1, 15)),
            ("L2", Line(1, 3, 14)), ("R2", Line(18, 3, 12)),
            ("L3", Line(1, 5, 10)));

        Assert.Equal([["L1", "L2", "L3"], ["R1", "R2"]], blocks);
    }

    [Fact]
    public void A_title_spanning_two_columns_comes_first_as_its_own_block()
    {
        var blocks = Read(
            ("L1", Line(1, 3, 15)), ("R1", Line(18, 3, 15)),
            ("title", Line(1, 1, 30)),
            ("L2", Line(1, 5, 15)), ("R2", Line(18, 5, 15)));

        Assert.Equal([["title"], ["L1", "L2"], ["R1", "R2"]], blocks);
    }

    [Fact]
    public void Three_columns_under_a_title_and_over_a_footer_read_title_columns_footer()
    {
        var blocks = Read(
            ("title", Line(1, 1, 25)),
            ("A1", Line(1, 3, 11)), ("B1", Line(16, 3, 11)), ("C1", Line(31, 3, 10)),
            ("A2", Line(1, 5, 8)), ("B2", Line(16, 5, 11)), ("C2", Line(31, 5, 11)),
            ("A3", Line(1, 7, 6)), ("B3", Line(16, 7, 9)), ("C3", Line(31, 7, 8)),
            ("footer", Line(1, 10, 7)));

        Assert.Equal([["title"], ["A1", "A2", "A3"], ["B1", "B2", "B3"], ["C1", "C2", "C3"], ["footer"]], blocks);
    }

    [Fact]
    public void A_footer_under_the_first_column_a_little_further_down_than_the_columns_line_spacing_is_read_after_all_columns()
    {
        // Lines 1.2 heights tall every 2 heights (0.8 apart), the footer 1.3 heights below the last row: within the
        // fixed 1.5 heights, but further than the columns' own spacing allows.
        static LayoutBox Row(double x, double y, double width) => new(x * Height, y * Height, (x + width) * Height, (y + 1.2) * Height);
        var blocks = Read(
            ("A1", Row(1, 2, 10)), ("B1", Row(16, 2, 10)),
            ("A2", Row(1, 4, 8)), ("B2", Row(16, 4, 9)),
            ("footer", Row(1, 6.5, 6)));

        Assert.Equal([["A1", "A2"], ["B1", "B2"], ["footer"]], blocks);
    }

    [Fact]
    public void A_side_bar_at_its_own_line_spacing_is_read_whole_before_the_main_text_to_its_right()
    {
        var blocks = Read(
            ("main1", Line(10, 1, 20)), ("side1", Line(1, 1, 5)),
            ("main2", Line(10, 3, 20)), ("side2", Line(1, 3.4, 4)),
            ("main3", Line(10, 5, 20)), ("side3", Line(1, 5.8, 5)),
            ("main4", Line(10, 7, 18)));

        Assert.Equal([["side1", "side2", "side3"], ["main1", "main2", "main3", "main4"]], blocks);
    }

    [Fact]
    public void Paragraphs_apart_by_a_wide_gap_and_a_taller_title_line_are_blocks_of_their_own()
    {
        var blocks = Read(
            ("title", new LayoutBox(Height, Height, 20 * Height, 2.6 * Height)),
            ("p1a", Line(1, 3.4, 20)), ("p1b", Line(1, 5, 18)),
            ("p2a", Line(1, 8.6, 20)), ("p2b", Line(1, 10.2, 12)));

        Assert.Equal([["title"], ["p1a", "p1b"], ["p2a", "p2b"]], blocks);
    }

    [Fact]
    public void Lines_of_a_skewed_page_whose_upright_boxes_overlap_are_one_paragraph_read_top_to_bottom()
    {
        // A photo at an angle: the lines fan out, so their boxes in the page's mean frame are taller than their text
        // (30 pixels across each baseline) and the first two share more than half their height; they still lie
        // over one another, not side by side, and their text is of one size.
        var blocks = Read(
            ("second", new LayoutBox(30, 40, 620, 90, TextHeight: 30)),
            ("first", new LayoutBox(20, 0, 600, 75, TextHeight: 30)),
            ("third", new LayoutBox(30, 100, 610, 130, TextHeight: 30)));

        Assert.Equal([["first", "second", "third"]], blocks);
    }

    [Fact]
    public void Every_line_is_in_exactly_one_block()
    {
        var random = new Random(29);
        var lines = Enumerable.Range(0, 200).Select(_ => Line(random.Next(0, 40), random.Next(0, 60) / 2.0, random.Next(2, 20))).ToArray();

        var blocks = XyCut.Blocks(lines);

        Assert.Equal(Enumerable.Range(0, lines.Length), blocks.SelectMany(b => b).Order());
    }
}
