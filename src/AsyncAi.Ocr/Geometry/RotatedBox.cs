using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// A rectangle at any angle, as its four corners in PaddleOCR's order: top-left, top-right, bottom-right,
/// bottom-left (the two leftmost corners are the left side, the upper of each pair is the top).
/// </summary>
internal readonly record struct RotatedBox(SKPoint TopLeft, SKPoint TopRight, SKPoint BottomRight, SKPoint BottomLeft)
{
    /// <summary>The length of the top edge (the reading direction for a line wider than tall).</summary>
    public double Width => Polygon.Distance(TopLeft, TopRight);

    /// <summary>The length of the left edge.</summary>
    public double Height => Polygon.Distance(TopLeft, BottomLeft);

    /// <summary>The shorter side.</summary>
    public double ShortSide => Math.Min(Width, Height);

    public SKPoint Center => new((TopLeft.X + TopRight.X + BottomRight.X + BottomLeft.X) / 4, (TopLeft.Y + TopRight.Y + BottomRight.Y + BottomLeft.Y) / 4);

    /// <summary>The angle of the top edge in degrees, positive when it falls to the right (y grows downwards).</summary>
    public double AngleDegrees => Math.Atan2(TopRight.Y - TopLeft.Y, TopRight.X - TopLeft.X) * 180 / Math.PI;

    public SKPoint[] Corners => [TopLeft, TopRight, BottomRight, BottomLeft];

    /// <summary>The upright rectangle around the corners.</summary>
    public SKRect Bounds => new(
        Math.Min(Math.Min(TopLeft.X, TopRight.X), Math.Min(BottomRight.X, BottomLeft.X)),
        Math.Min(Math.Min(TopLeft.Y, TopRight.Y), Math.Min(BottomRight.Y, BottomLeft.Y)),
        Math.Max(Math.Max(TopLeft.X, TopRight.X), Math.Max(BottomRight.X, BottomLeft.X)),
        Math.Max(Math.Max(TopLeft.Y, TopRight.Y), Math.Max(BottomRight.Y, BottomLeft.Y)));

    /// <summary>Orders four corners of a rectangle as PaddleOCR's <c>get_mini_boxes</c> does.</summary>
    public static RotatedBox FromCorners(ReadOnlySpan<SKPoint> corners)
    {
        if (corners.Length != 4)
        {
            throw new ArgumentException($"A rotated box has 4 corners, not {corners.Length}.", nameof(corners));
        }

        var byX = corners.ToArray().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        var (topLeft, bottomLeft) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return new RotatedBox(topLeft, topRight, bottomRight, bottomLeft);
    }

    public RotatedBox Scale(float sx, float sy) => new(Mul(TopLeft, sx, sy), Mul(TopRight, sx, sy), Mul(BottomRight, sx, sy), Mul(BottomLeft, sx, sy));

    /// <summary>Keeps every corner inside <c>[0, width] x [0, height]</c>.</summary>
    public RotatedBox Clamp(float width, float height) => new(Clip(TopLeft, width, height), Clip(TopRight, width, height), Clip(BottomRight, width, height), Clip(BottomLeft, width, height));

    private static SKPoint Clip(SKPoint p, float width, float height) => new(Math.Clamp(p.X, 0, width), Math.Clamp(p.Y, 0, height));

    private static SKPoint Mul(SKPoint p, float sx, float sy) => new(p.X * sx, p.Y * sy);
}
