using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// Where the detected regions stand to each other on the page: boxes of one line that overlap are merged before
/// recognition (so no glyph is in two crops and read twice), and the read regions are grouped into lines and
/// put in reading order: top to bottom and left to right in the page's own frame (its mean text angle, so
/// a tilted or upside-down page reads in its order), in blocks and column by column (<see cref="XyCut"/>).
/// </summary>
internal static class LineLayout
{
    /// <summary>Boxes within this many degrees of each other can be one line.</summary>
    private const double SameLineDegrees = 10;

    /// <summary>Regions of one line are at most this many line heights apart; wider gaps are columns.</summary>
    private const double MaxWordGapHeights = 0.75;

    /// <summary>
    /// Merges every pair of boxes that overlap and lie on one line (nearly the same angle, centres within half a
    /// line height across the line) into the minimum-area rectangle around both, until no such pair is left.
    /// </summary>
    public static List<TextRegion> MergeOverlapping(IReadOnlyList<TextRegion> regions)
    {
        var current = regions.ToList();
        while (true)
        {
            var parent = Enumerable.Range(0, current.Count).ToArray();
            int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
            var any = false;
            for (var i = 0; i < current.Count; i++)
            {
                for (var j = i + 1; j < current.Count; j++)
                {
                    if (Find(i) != Find(j) && OnOneLine(current[i].Box, current[j].Box) && Overlap(current[i].Box, current[j].Box))
                    {
                        parent[Find(j)] = Find(i);
                        any = true;
                    }
                }
            }

            if (!any)
            {
                return DbPostProcessor.InReadingOrder(current);
            }

            current = [.. current
                .Select((region, index) => (region, root: Find(index)))
                .GroupBy(x => x.root)
                .Select(g => g.Count() == 1
                    ? g.First().region
                    : new TextRegion(MinAreaRectangle.Of(g.SelectMany(x => x.region.Box.Corners)), g.Max(x => x.region.Score)))];
        }
    }

    /// <summary>Whether two boxes lie along one text line: parallel, of like height, and with centres on one line.</summary>
    public static bool OnOneLine(RotatedBox a, RotatedBox b)
    {
        var (directionA, heightA) = Axis(a);
        var (directionB, heightB) = Axis(b);
        var between = Math.Abs(Math.Atan2(Cross(directionA, directionB), Dot(directionA, directionB))) * 180 / Math.PI;
        between = Math.Min(between, 180 - between);
        if (between > SameLineDegrees || Math.Min(heightA, heightB) < 0.5 * Math.Max(heightA, heightB))
        {
            return false;
        }

        var normal = new SKPoint(-directionA.Y, directionA.X);
        var offset = b.Center - a.Center;
        return Math.Abs(Dot(offset, normal)) < 0.5 * Math.Min(heightA, heightB);
    }

    /// <summary>Whether two convex quadrilaterals overlap (separating axis test; touching counts as apart).</summary>
    public static bool Overlap(RotatedBox a, RotatedBox b)
    {
        var first = a.Corners;
        var second = b.Corners;
        foreach (var polygon in new[] { first, second })
        {
            for (var i = 0; i < polygon.Length; i++)
            {
                var edge = polygon[(i + 1) % polygon.Length] - polygon[i];
                var axis = new SKPoint(-edge.Y, edge.X);
                var (minA, maxA) = Project(first, axis);
                var (minB, maxB) = Project(second, axis);
                if (maxA <= minB || maxB <= minA)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Groups recognised regions into text lines, the lines into blocks (<see cref="XyCut"/>), and orders all three:
    /// the regions come back line by line, each line left to right, with the lines that hold them and the blocks
    /// that hold the lines.
    /// </summary>
    public static (IReadOnlyList<OcrLine> Regions, IReadOnlyList<OcrTextLine> TextLines, IReadOnlyList<OcrBlock> Blocks) Group(IReadOnlyList<OcrLine> regions)
    {
        if (regions.Count == 0)
        {
            return ([], [], []);
        }

        // The page's frame: turned so that its mean text direction is horizontal (upside-down pages included, as
        // their regions' polygons start at the text's own top-left). A circular mean, because 179 and -179 degrees
        // are one direction.
        var angle = CircularMean(regions.Select(r => r.AngleDegrees * Math.PI / 180));
        var (cos, sin) = (Math.Cos(-angle), Math.Sin(-angle));
        var items = regions.Select(r =>
        {
            var points = r.Polygon.Count > 0 ? r.Polygon.Select(p => (X: p.X, Y: p.Y)).ToArray() : [(r.Box.X, r.Box.Y), (r.Box.X + r.Box.Width, r.Box.Y + r.Box.Height)];
            var xs = points.Select(p => (p.X * cos) - (p.Y * sin)).ToArray();
            var ys = points.Select(p => (p.X * sin) + (p.Y * cos)).ToArray();
            // Across the text's own baseline (the polygon reads top-left, top-right, bottom-right, bottom-left).
            var textHeight = r.Polygon.Count == 4
                ? (Distance(r.Polygon[0], r.Polygon[3]) + Distance(r.Polygon[1], r.Polygon[2])) / 2
                : ys.Max() - ys.Min();
            return new Item(r, xs.Min(), ys.Min(), xs.Max(), ys.Max(), textHeight);
        }).ToList();

        var lines = new List<List<Item>>();
        foreach (var item in items.OrderBy(i => (i.Top + i.Bottom) / 2))
        {
            var line = lines.FirstOrDefault(l => Continues(l, item));
            if (line is null)
            {
                lines.Add([item]);
            }
            else
            {
                line.Add(item);
            }
        }

        lines = [.. lines.Select(l => l.OrderBy(i => i.Left).ToList())];
        var blocks = XyCut.Blocks([.. lines.Select(l => new LayoutBox(l.Min(i => i.Left), l.Min(i => i.Top), l.Max(i => i.Right), l.Max(i => i.Bottom), l.Average(i => i.TextHeight)))]);
        var flat = new List<OcrLine>(regions.Count);
        var textLines = new List<OcrTextLine>(lines.Count);
        var orderedBlocks = new List<OcrBlock>(blocks.Count);
        foreach (var block in blocks)
        {
            var first = textLines.Count;
            foreach (var line in block.Select(i => lines[i]))
            {
                var indices = Enumerable.Range(flat.Count, line.Count).ToArray();
                flat.AddRange(line.Select(i => i.Region));
                var characters = line.Sum(i => Math.Max(1, i.Region.Text.Length));
                textLines.Add(new OcrTextLine(
                    string.Join(' ', line.Select(i => i.Region.Text.Trim())),
                    line.Sum(i => i.Region.Confidence * Math.Max(1, i.Region.Text.Length)) / characters,
                    Around(line.Select(i => i.Region.Box)),
                    indices));
            }

            var members = textLines.Skip(first).ToList();
            orderedBlocks.Add(new OcrBlock(
                string.Join('\n', members.Select(l => l.Text)),
                Around(members.Select(l => l.Box)),
                Enumerable.Range(first, members.Count).ToArray()));
        }

        return (flat, textLines, orderedBlocks);
    }

    /// <summary>The upright rectangle around the boxes.</summary>
    private static OcrBox Around(IEnumerable<OcrBox> boxes)
    {
        var list = boxes.ToList();
        var left = list.Min(b => b.X);
        var top = list.Min(b => b.Y);
        var right = list.Max(b => b.X + b.Width);
        var bottom = list.Max(b => b.Y + b.Height);
        return new OcrBox(left, top, right - left, bottom - top);
    }

    /// <summary>Whether an item sits on a line: it shares most of its height with the line and is near it along it.</summary>
    private static bool Continues(List<Item> line, Item item)
    {
        var top = line.Min(i => i.Top);
        var bottom = line.Max(i => i.Bottom);
        var shared = Math.Min(bottom, item.Bottom) - Math.Max(top, item.Top);
        var height = Math.Min(item.Height, line.Average(i => i.Height));
        if (shared < 0.5 * height)
        {
            return false;
        }

        var gap = line.Min(i => Math.Max(i.Left - item.Right, item.Left - i.Right));
        return gap <= MaxWordGapHeights * Math.Max(item.Height, line.Average(i => i.Height));
    }

    /// <summary>The unit vector along a box's longer side, and its shorter side's length.</summary>
    private static (SKPoint Direction, double Height) Axis(RotatedBox box)
    {
        var along = box.Width >= box.Height ? box.TopRight - box.TopLeft : box.BottomLeft - box.TopLeft;
        var length = Math.Sqrt(Dot(along, along));
        return (length == 0 ? new SKPoint(1, 0) : new SKPoint((float)(along.X / length), (float)(along.Y / length)), box.ShortSide);
    }

    private static (double Min, double Max) Project(SKPoint[] polygon, SKPoint axis)
    {
        var min = double.MaxValue;
        var max = double.MinValue;
        foreach (var p in polygon)
        {
            var d = Dot(p, axis);
            min = Math.Min(min, d);
            max = Math.Max(max, d);
        }

        return (min, max);
    }

    private static double CircularMean(IEnumerable<double> radians)
    {
        double sin = 0, cos = 0;
        foreach (var r in radians)
        {
            sin += Math.Sin(r);
            cos += Math.Cos(r);
        }

        return Math.Atan2(sin, cos);
    }

    private static double Dot(SKPoint a, SKPoint b) => ((double)a.X * b.X) + ((double)a.Y * b.Y);

    private static double Cross(SKPoint a, SKPoint b) => ((double)a.X * b.Y) - ((double)a.Y * b.X);

    private static double Distance(OcrPoint a, OcrPoint b) => Math.Sqrt(((double)(a.X - b.X) * (a.X - b.X)) + ((double)(a.Y - b.Y) * (a.Y - b.Y)));

    private sealed record Item(OcrLine Region, double Left, double Top, double Right, double Bottom, double TextHeight)
    {
        public double Height => Bottom - Top;
    }
}
