using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>Plane geometry on polygons given as their corners in order (either winding).</summary>
internal static class Polygon
{
    /// <summary>The area (shoelace formula), always positive.</summary>
    public static double Area(ReadOnlySpan<SKPoint> corners) => Math.Abs(SignedArea(corners));

    /// <summary>The length of the closed outline.</summary>
    public static double Perimeter(ReadOnlySpan<SKPoint> corners)
    {
        double length = 0;
        for (var i = 0; i < corners.Length; i++)
        {
            length += Distance(corners[i], corners[(i + 1) % corners.Length]);
        }

        return length;
    }

    public static double Distance(SKPoint a, SKPoint b) => Math.Sqrt(((double)a.X - b.X) * ((double)a.X - b.X) + (((double)a.Y - b.Y) * ((double)a.Y - b.Y)));

    /// <summary>The convex hull (Andrew's monotone chain), counter-clockwise in a y-up frame, without collinear points.</summary>
    public static SKPoint[] ConvexHull(IEnumerable<SKPoint> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        if (sorted.Length < 3)
        {
            return sorted;
        }

        var hull = new SKPoint[2 * sorted.Length];
        var k = 0;
        foreach (var p in sorted)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p) <= 0)
            {
                k--;
            }

            hull[k++] = p;
        }

        for (int i = sorted.Length - 2, lower = k + 1; i >= 0; i--)
        {
            var p = sorted[i];
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], p) <= 0)
            {
                k--;
            }

            hull[k++] = p;
        }

        return hull[..(k - 1)];
    }

    /// <summary>
    /// Grows a convex polygon outwards by <paramref name="distance"/>: every edge moves out along its normal and
    /// the corners are rounded (arcs of radius <paramref name="distance"/>), which is what PaddleOCR's unclip gets
    /// from pyclipper with round joins. For a rectangle the result's minimum-area rectangle is the rectangle grown
    /// by the distance on every side.
    /// </summary>
    /// <param name="convex">The corners of a convex polygon, in order.</param>
    /// <param name="distance">How far to grow; 0 or less returns the corners unchanged.</param>
    /// <param name="arcSegments">How many segments approximate a 90-degree arc.</param>
    public static SKPoint[] OffsetConvex(ReadOnlySpan<SKPoint> convex, double distance, int arcSegments = 4)
    {
        if (distance <= 0 || convex.Length < 3)
        {
            return convex.ToArray();
        }

        // Outward normals depend on the winding: make it counter-clockwise in the y-up sense (positive signed area).
        var corners = convex.ToArray();
        if (SignedArea(corners) < 0)
        {
            Array.Reverse(corners);
        }

        var result = new List<SKPoint>(corners.Length * (arcSegments + 2));
        var n = corners.Length;
        for (var i = 0; i < n; i++)
        {
            var previous = corners[(i + n - 1) % n];
            var current = corners[i];
            var next = corners[(i + 1) % n];
            var incoming = OutwardNormalAngle(previous, current);
            var outgoing = OutwardNormalAngle(current, next);
            var sweep = outgoing - incoming;
            while (sweep < 0)
            {
                sweep += 2 * Math.PI;
            }

            while (sweep > 2 * Math.PI)
            {
                sweep -= 2 * Math.PI;
            }

            var steps = Math.Max(1, (int)Math.Ceiling(sweep / (Math.PI / 2) * arcSegments));
            for (var s = 0; s <= steps; s++)
            {
                var angle = incoming + (sweep * s / steps);
                result.Add(new SKPoint((float)(current.X + (distance * Math.Cos(angle))), (float)(current.Y + (distance * Math.Sin(angle)))));
            }
        }

        return [.. result];
    }

    /// <summary>Positive when the corners run counter-clockwise with y pointing up (clockwise on screen).</summary>
    private static double SignedArea(ReadOnlySpan<SKPoint> corners)
    {
        double sum = 0;
        for (var i = 0; i < corners.Length; i++)
        {
            var a = corners[i];
            var b = corners[(i + 1) % corners.Length];
            sum += ((double)a.X * b.Y) - ((double)b.X * a.Y);
        }

        return sum / 2;
    }

    private static double Cross(SKPoint o, SKPoint a, SKPoint b) => (((double)a.X - o.X) * ((double)b.Y - o.Y)) - (((double)a.Y - o.Y) * ((double)b.X - o.X));

    // For counter-clockwise corners (positive signed area), the outward normal of edge a->b is the edge direction
    // turned by -90 degrees.
    private static double OutwardNormalAngle(SKPoint a, SKPoint b) => Math.Atan2(b.Y - a.Y, b.X - a.X) - (Math.PI / 2);
}
