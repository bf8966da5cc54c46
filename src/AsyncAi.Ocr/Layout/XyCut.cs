namespace AsyncAi.Ocr;

/// <summary>
/// Reading order for a page of text lines: a recursive XY-cut on the lines' boxes (in the page's own frame, so
/// upright). A set of lines is cut into rows top to bottom; neighbouring rows that keep each other's gutters
/// (vertical bands that no line crosses) are the rows of one multi-column part, which is cut at its gutters into
/// columns read left to right, each cut again the same way. A title or a footer that crosses the gutters stays a
/// row of its own above or below the columns instead of the columns being read line by line across. Rows with no
/// gutter that follow each other closely, with lines of like height, are one block (a paragraph or a column).
/// </summary>
/// <remarks>
/// Cutting at gutters of the whole set first (classic XY-cut) fails on a title narrower than the page: a gutter
/// beside it splits the page into the title with the first columns, then the last column. Cutting into rows alone
/// fails on columns whose lines line up: every row is a line of each column. Grouping rows by shared gutters
/// handles both, and side-bars (lines at their own spacing beside the main text) share a gutter too.
/// </remarks>
internal static class XyCut
{
    /// <summary>A gutter between columns is at least this many line heights wide (the gap that splits a line too).</summary>
    public const double MinGutterHeights = 0.75;

    /// <summary>Two lines are in one row when they share at least this fraction of the lower one's height.</summary>
    public const double SameRowOverlap = 0.5;

    /// <summary>
    /// A row starts a new block when it begins more than this many line heights below the previous row; it joins the
    /// multi-column part above it only within this gap too (so a short footer under the first column is not read as
    /// that column's last line).
    /// </summary>
    public const double MaxBlockGapHeights = 1.5;

    /// <summary>A row starts a new block when its line height differs from the block's by more than this factor (a title).</summary>
    public const double MaxHeightRatio = 1.3;

    /// <summary>
    /// The blocks of a page in reading order, each the indexes of its lines (into <paramref name="lines"/>) in
    /// reading order; every index appears once.
    /// </summary>
    /// <param name="lines">The lines' boxes in the page's own frame: x to the right along the text, y down.</param>
    public static List<List<int>> Blocks(IReadOnlyList<LayoutBox> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return [];
        }

        var heights = lines.Select(l => l.TextSize).Order().ToArray();
        var lineHeight = Math.Max(1e-6, heights[heights.Length / 2]);
        var blocks = new List<List<int>>();
        Cut([.. Enumerable.Range(0, lines.Count)], lines, lineHeight, blocks);
        return blocks;
    }

    private static void Cut(List<int> set, IReadOnlyList<LayoutBox> lines, double lineHeight, List<List<int>> blocks)
    {
        var rows = Rows(set, lines);

        // Rows that keep the gutters of the rows before them (and close below them) belong to one multi-column
        // part. A row that crosses a gutter (a title, a footer across the columns) or starts far below is not.
        var groups = new List<(List<int> Members, int Columns)>();
        foreach (var row in rows)
        {
            var rowColumns = Columns(row, lines, lineHeight).Count;
            if (groups.Count > 0)
            {
                var (members, columns) = groups[^1];
                var union = Columns([.. members, .. row], lines, lineHeight).Count;
                if (union > 1
                    && union >= Math.Max(columns, rowColumns)
                    && row.Min(i => lines[i].Top) - members.Max(i => lines[i].Bottom) <= GroupGapAllowed(members, lines, lineHeight))
                {
                    members.AddRange(row);
                    groups[^1] = (members, union);
                    continue;
                }
            }

            groups.Add(([.. row], rowColumns));
        }

        if (groups.Count == 1 && groups[0].Columns > 1)
        {
            foreach (var column in Columns(set, lines, lineHeight))
            {
                Cut(column, lines, lineHeight, blocks);
            }

            return;
        }

        List<int>? paragraph = null;
        var previousBottom = double.NaN;
        foreach (var (members, columns) in groups)
        {
            if (columns > 1)
            {
                paragraph = null;
                Cut(members, lines, lineHeight, blocks);
                continue;
            }

            var top = members.Min(i => lines[i].Top);
            var height = members.Average(i => lines[i].TextSize);
            if (paragraph is not null
                && top - previousBottom <= MaxBlockGapHeights * lineHeight
                && Ratio(height, paragraph.Average(i => lines[i].TextSize)) <= MaxHeightRatio)
            {
                paragraph.AddRange(members);
            }
            else
            {
                paragraph = [.. members];
                blocks.Add(paragraph);
            }

            previousBottom = members.Max(i => lines[i].Bottom);
        }
    }

    /// <summary>
    /// How far below a multi-column part a row may start and still belong to it: up to
    /// <see cref="MaxBlockGapHeights"/> line heights, but no more than one and a half times the part's own median
    /// gap between its lines (at least one line height), so that a footer set a little further down is not read as
    /// the last line of the column it happens to fit in.
    /// </summary>
    private static double GroupGapAllowed(List<int> members, IReadOnlyList<LayoutBox> lines, double lineHeight)
    {
        var gaps = Columns(members, lines, lineHeight)
            .SelectMany(column =>
            {
                var ordered = column.OrderBy(i => lines[i].Top).ToList();
                return ordered.Skip(1).Select((line, k) => lines[line].Top - lines[ordered[k]].Bottom).Where(gap => gap > 0);
            })
            .Order()
            .ToList();
        var own = gaps.Count == 0 ? double.PositiveInfinity : Math.Max(lineHeight, 1.5 * gaps[gaps.Count / 2]);
        return Math.Min(MaxBlockGapHeights * lineHeight, own);
    }

    /// <summary>The set split at every gutter (a band at least <see cref="MinGutterHeights"/> wide that no line crosses), left to right.</summary>
    private static List<List<int>> Columns(List<int> set, IReadOnlyList<LayoutBox> lines, double lineHeight)
    {
        var columns = new List<List<int>>();
        var right = double.NegativeInfinity;
        foreach (var i in set.OrderBy(i => lines[i].Left))
        {
            if (columns.Count == 0 || lines[i].Left - right >= MinGutterHeights * lineHeight)
            {
                columns.Add([]);
            }

            columns[^1].Add(i);
            right = Math.Max(right, lines[i].Right);
        }

        return columns;
    }

    /// <summary>
    /// The set split into rows, top to bottom: a line joins the row above when it shares most of its height with
    /// it. A row's lines read left to right, unless some of them lie over one another (lines stacked closely, or
    /// turned so that their upright boxes overlap): then top to bottom.
    /// </summary>
    private static List<List<int>> Rows(List<int> set, IReadOnlyList<LayoutBox> lines)
    {
        var rows = new List<List<int>>();
        var (rowTop, rowBottom) = (0.0, 0.0);
        foreach (var i in set.OrderBy(i => lines[i].Top).ThenBy(i => lines[i].Left))
        {
            var line = lines[i];
            var shared = Math.Min(rowBottom, line.Bottom) - Math.Max(rowTop, line.Top);
            if (rows.Count > 0 && shared >= SameRowOverlap * Math.Min(line.Height, rowBottom - rowTop))
            {
                rows[^1].Add(i);
                (rowTop, rowBottom) = (Math.Min(rowTop, line.Top), Math.Max(rowBottom, line.Bottom));
            }
            else
            {
                rows.Add([i]);
                (rowTop, rowBottom) = (line.Top, line.Bottom);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var stacked = row.Any(a => row.Any(b => a != b && Math.Min(lines[a].Right, lines[b].Right) > Math.Max(lines[a].Left, lines[b].Left)));
            rows[r] = stacked
                ? [.. row.OrderBy(i => lines[i].Top + lines[i].Bottom)]
                : [.. row.OrderBy(i => lines[i].Left)];
        }

        return rows;
    }

    private static double Ratio(double a, double b) => Math.Max(a, b) / Math.Max(1e-6, Math.Min(a, b));
}

/// <summary>An upright rectangle in the page's own frame, for layout.</summary>
/// <param name="Left">The left edge.</param>
/// <param name="Top">The top edge.</param>
/// <param name="Right">The right edge.</param>
/// <param name="Bottom">The bottom edge.</param>
/// <param name="TextHeight">
/// The height of the line's text across its own baseline, where it differs from the rectangle's (a line at an angle
/// to the page's frame, as on a photo taken at an angle, has a taller upright rectangle); NaN when the same.
/// </param>
internal readonly record struct LayoutBox(double Left, double Top, double Right, double Bottom, double TextHeight = double.NaN)
{
    public double Height => Bottom - Top;

    /// <summary>The line's text height: <see cref="TextHeight"/> where known, else the rectangle's height.</summary>
    public double TextSize => double.IsNaN(TextHeight) ? Height : TextHeight;
}
