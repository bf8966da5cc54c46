using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// The post-processing of a DB (differentiable binarisation) text detector, as PaddleOCR does it: threshold the
/// probability map, take each 8-connected region (a shrunk text kernel), fit the minimum-area rotated rectangle
/// around it, score the region by the mean probability over its outline (its convex hull), and grow the rectangle
/// by the "unclip" distance <c>area × ratio / perimeter</c>, because DB learns kernels shrunk by that much.
/// Rotated rectangles fit tilted lines as tightly as horizontal ones.
/// </summary>
internal static class DbPostProcessor
{
    /// <summary>Regions whose rectangle's shorter side is below this (in map pixels) are noise.</summary>
    private const int MinSide = 3;

    /// <summary>PaddleOCR's cap on the regions of one image; more are ignored, so a noise image costs bounded time.</summary>
    public const int MaxCandidates = 1000;

    public static List<TextRegion> FindRegions(ReadOnlySpan<float> probabilities, int width, int height, float threshold, float boxThreshold, float unclipRatio)
    {
        var regions = new List<TextRegion>();
        var visited = new bool[width * height];
        var stack = new Stack<int>();
        var rowMin = new int[height];
        var rowMax = new int[height];
        Array.Fill(rowMin, int.MaxValue);
        Array.Fill(rowMax, -1);
        var candidates = 0;
        for (var start = 0; start < visited.Length && candidates < MaxCandidates; start++)
        {
            if (visited[start] || probabilities[start] <= threshold)
            {
                continue;
            }

            candidates++;
            int minY = height, maxY = -1;
            visited[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                rowMin[y] = Math.Min(rowMin[y], x);
                rowMax[y] = Math.Max(rowMax[y], x);
                minY = Math.Min(minY, y);
                maxY = Math.Max(maxY, y);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= height)
                    {
                        continue;
                    }

                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if (nx < 0 || nx >= width)
                        {
                            continue;
                        }

                        var neighbour = (ny * width) + nx;
                        if (!visited[neighbour] && probabilities[neighbour] > threshold)
                        {
                            visited[neighbour] = true;
                            stack.Push(neighbour);
                        }
                    }
                }
            }

            // The extreme pixels of each row are all the convex hull needs (8-connected regions span whole rows).
            var outline = new List<SKPoint>(2 * (maxY - minY + 1));
            for (var y = minY; y <= maxY; y++)
            {
                outline.Add(new SKPoint(rowMin[y], y));
                outline.Add(new SKPoint(rowMax[y], y));
                rowMin[y] = int.MaxValue;
                rowMax[y] = -1;
            }

            var region = FromKernel(probabilities, width, height, outline, boxThreshold, unclipRatio);
            if (region is { } found)
            {
                regions.Add(found);
            }
        }

        return regions;
    }

    /// <summary>The region for one kernel, given as its pixels' centres (or any points whose hull is its outline).</summary>
    internal static TextRegion? FromKernel(ReadOnlySpan<float> probabilities, int width, int height, IReadOnlyCollection<SKPoint> kernel, float boxThreshold, float unclipRatio)
    {
        var hull = Polygon.ConvexHull(kernel);
        if (hull.Length < 3)
        {
            return null;
        }

        var box = MinAreaRectangle.Of(hull);
        if (box.ShortSide < MinSide)
        {
            return null;
        }

        var score = PolygonScore.Mean(probabilities, width, height, hull);
        if (score < boxThreshold)
        {
            return null;
        }

        var grown = Unclip(box, unclipRatio);
        return grown.ShortSide < MinSide + 2 ? null : new TextRegion(grown, score);
    }

    /// <summary>
    /// Grows a kernel's rectangle by <c>area × ratio / perimeter</c> on every side (a round-joined offset, whose
    /// minimum-area rectangle is the rectangle grown evenly), as PaddleOCR's unclip does with pyclipper.
    /// </summary>
    public static RotatedBox Unclip(RotatedBox box, float unclipRatio)
    {
        var corners = box.Corners;
        var perimeter = Polygon.Perimeter(corners);
        if (perimeter <= 0)
        {
            return box;
        }

        var distance = Polygon.Area(corners) * unclipRatio / perimeter;
        return MinAreaRectangle.Of(Polygon.OffsetConvex(corners, distance));
    }

    /// <summary>
    /// PaddleOCR's reading order: by the top-left corner, top to bottom, then left to right among boxes whose tops
    /// are within 10 pixels. (The OCR job groups boxes into lines on top of this.)
    /// </summary>
    public static List<TextRegion> InReadingOrder(IEnumerable<TextRegion> regions)
    {
        var sorted = regions.OrderBy(r => r.Box.TopLeft.Y).ThenBy(r => r.Box.TopLeft.X).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            for (var j = i; j > 0 && Math.Abs(sorted[j].Box.TopLeft.Y - sorted[j - 1].Box.TopLeft.Y) < 10 && sorted[j].Box.TopLeft.X < sorted[j - 1].Box.TopLeft.X; j--)
            {
                (sorted[j], sorted[j - 1]) = (sorted[j - 1], sorted[j]);
            }
        }

        return sorted;
    }
}
