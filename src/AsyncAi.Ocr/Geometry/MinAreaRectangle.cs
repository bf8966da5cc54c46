using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// The smallest-area rectangle, at any angle, that holds a set of points (what OpenCV's <c>minAreaRect</c>
/// gives): one side of it lies on an edge of the points' convex hull, so each hull edge is tried (rotating
/// calipers over the hull's edges, O(n²) in the hull's size, which is small for text regions).
/// </summary>
internal static class MinAreaRectangle
{
    public static RotatedBox Of(IEnumerable<SKPoint> points)
    {
        var hull = Polygon.ConvexHull(points);
        if (hull.Length == 0)
        {
            throw new ArgumentException("A rectangle needs at least one point.", nameof(points));
        }

        if (hull.Length < 3)
        {
            // A point or a segment: a degenerate rectangle along it.
            var a = hull[0];
            var b = hull[^1];
            return RotatedBox.FromCorners([a, b, b, a]);
        }

        var bestArea = double.MaxValue;
        SKPoint[] best = [];
        for (var i = 0; i < hull.Length; i++)
        {
            var p = hull[i];
            var q = hull[(i + 1) % hull.Length];
            var length = Polygon.Distance(p, q);
            if (length < 1e-9)
            {
                continue;
            }

            // Unit vectors along the edge (u) and across it (v).
            double ux = (q.X - p.X) / length, uy = (q.Y - p.Y) / length;
            double vx = -uy, vy = ux;
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var h in hull)
            {
                var du = ((h.X - p.X) * ux) + ((h.Y - p.Y) * uy);
                var dv = ((h.X - p.X) * vx) + ((h.Y - p.Y) * vy);
                minU = Math.Min(minU, du);
                maxU = Math.Max(maxU, du);
                minV = Math.Min(minV, dv);
                maxV = Math.Max(maxV, dv);
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                SKPoint At(double u, double v) => new((float)(p.X + (u * ux) + (v * vx)), (float)(p.Y + (u * uy) + (v * vy)));
                best = [At(minU, minV), At(maxU, minV), At(maxU, maxV), At(minU, maxV)];
            }
        }

        return RotatedBox.FromCorners(best);
    }
}
