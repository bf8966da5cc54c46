using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// The mean of a probability map over the pixels inside a convex polygon (scanline fill; a pixel counts when its
/// centre, at integer coordinates as in OpenCV, lies inside or on the outline). Scoring a region over its own
/// outline rather than over an upright rectangle keeps a tilted line's score from being diluted by the background
/// in the rectangle's corners.
/// </summary>
internal static class PolygonScore
{
    public static float Mean(ReadOnlySpan<float> map, int width, int height, ReadOnlySpan<SKPoint> convex)
    {
        if (convex.Length == 0)
        {
            return 0;
        }

        var top = float.MaxValue;
        var bottom = float.MinValue;
        foreach (var p in convex)
        {
            top = Math.Min(top, p.Y);
            bottom = Math.Max(bottom, p.Y);
        }

        const double Epsilon = 1e-4;
        var firstRow = Math.Max(0, (int)Math.Ceiling(top - Epsilon));
        var lastRow = Math.Min(height - 1, (int)Math.Floor(bottom + Epsilon));
        double sum = 0;
        long count = 0;
        for (var y = firstRow; y <= lastRow; y++)
        {
            if (!Span(convex, y, out var left, out var right))
            {
                continue;
            }

            var from = Math.Max(0, (int)Math.Ceiling(left - Epsilon));
            var to = Math.Min(width - 1, (int)Math.Floor(right + Epsilon));
            for (var x = from; x <= to; x++)
            {
                sum += map[(y * width) + x];
                count++;
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    /// <summary>Where the row at height <paramref name="y"/> enters and leaves the convex polygon.</summary>
    private static bool Span(ReadOnlySpan<SKPoint> convex, double y, out double left, out double right)
    {
        left = double.MaxValue;
        right = double.MinValue;
        for (var i = 0; i < convex.Length; i++)
        {
            var a = convex[i];
            var b = convex[(i + 1) % convex.Length];
            var (low, high) = a.Y <= b.Y ? (a, b) : (b, a);
            if (y < low.Y - 1e-6 || y > high.Y + 1e-6)
            {
                continue;
            }

            if (Math.Abs(high.Y - low.Y) < 1e-9)
            {
                left = Math.Min(left, Math.Min(a.X, b.X));
                right = Math.Max(right, Math.Max(a.X, b.X));
                continue;
            }

            var x = low.X + ((y - low.Y) * (high.X - low.X) / (high.Y - low.Y));
            left = Math.Min(left, x);
            right = Math.Max(right, x);
        }

        return left <= right;
    }
}
