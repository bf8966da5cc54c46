namespace AsyncAi.Ocr;

/// <summary>
/// The post-processing of a DB (differentiable binarisation) text detector: threshold the probability map,
/// find 8-connected regions, keep those whose mean probability passes the box threshold, and grow each by the
/// "unclip" distance (area × ratio / perimeter), because DB learns shrunk text kernels. Regions are
/// axis-aligned rectangles, which is right for horizontal text.
/// </summary>
internal static class DbPostProcessor
{
    private const int MinSide = 3;

    public static List<TextRegion> FindRegions(ReadOnlySpan<float> probabilities, int width, int height, float threshold, float boxThreshold, float unclipRatio)
    {
        var regions = new List<TextRegion>();
        var visited = new bool[width * height];
        var stack = new Stack<int>();
        for (var start = 0; start < visited.Length; start++)
        {
            if (visited[start] || probabilities[start] <= threshold)
            {
                continue;
            }

            int minX = width, minY = height, maxX = -1, maxY = -1;
            visited[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                minX = Math.Min(minX, x);
                maxX = Math.Max(maxX, x);
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

            var boxWidth = maxX - minX + 1;
            var boxHeight = maxY - minY + 1;
            if (Math.Min(boxWidth, boxHeight) < MinSide)
            {
                continue;
            }

            var score = MeanInBox(probabilities, width, minX, minY, maxX, maxY);
            if (score < boxThreshold)
            {
                continue;
            }

            var distance = boxWidth * boxHeight * unclipRatio / (2f * (boxWidth + boxHeight));
            var left = Math.Max(0f, minX - distance);
            var top = Math.Max(0f, minY - distance);
            var right = Math.Min(width, maxX + 1 + distance);
            var bottom = Math.Min(height, maxY + 1 + distance);
            if (Math.Min(right - left, bottom - top) < MinSide + 2)
            {
                continue;
            }

            regions.Add(new TextRegion(left, top, right - left, bottom - top, score));
        }

        return regions;
    }

    /// <summary>Orders regions as text is read: top to bottom, and left to right within a line (tops within 10 px).</summary>
    public static List<TextRegion> InReadingOrder(IEnumerable<TextRegion> regions)
    {
        var sorted = regions.OrderBy(r => r.Y).ThenBy(r => r.X).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            for (var j = i; j > 0 && Math.Abs(sorted[j].Y - sorted[j - 1].Y) < 10 && sorted[j].X < sorted[j - 1].X; j--)
            {
                (sorted[j], sorted[j - 1]) = (sorted[j - 1], sorted[j]);
            }
        }

        return sorted;
    }

    private static float MeanInBox(ReadOnlySpan<float> probabilities, int width, int minX, int minY, int maxX, int maxY)
    {
        double sum = 0;
        for (var y = minY; y <= maxY; y++)
        {
            foreach (var p in probabilities.Slice((y * width) + minX, maxX - minX + 1))
            {
                sum += p;
            }
        }

        return (float)(sum / ((maxX - minX + 1) * (maxY - minY + 1)));
    }
}
