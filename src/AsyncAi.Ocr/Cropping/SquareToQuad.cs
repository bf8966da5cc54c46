using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// The projective map of the unit square onto a quadrilateral ((0,0), (1,0), (1,1), (0,1) to the four corners in
/// that order), in closed form (Heckbert, "Fundamentals of Texture Mapping", 1989); affine when the quadrilateral
/// is a parallelogram.
/// </summary>
internal readonly record struct SquareToQuad(double A, double B, double C, double D, double E, double F, double G, double H)
{
    public static SquareToQuad From(SKPoint p0, SKPoint p1, SKPoint p2, SKPoint p3)
    {
        double x0 = p0.X, y0 = p0.Y, x1 = p1.X, y1 = p1.Y, x2 = p2.X, y2 = p2.Y, x3 = p3.X, y3 = p3.Y;
        var sx = x0 - x1 + x2 - x3;
        var sy = y0 - y1 + y2 - y3;
        if (Math.Abs(sx) < 1e-9 && Math.Abs(sy) < 1e-9)
        {
            return new SquareToQuad(x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0);
        }

        double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
        var determinant = (dx1 * dy2) - (dx2 * dy1);
        var g = ((sx * dy2) - (dx2 * sy)) / determinant;
        var h = ((dx1 * sy) - (sx * dy1)) / determinant;
        return new SquareToQuad(x1 - x0 + (g * x1), x3 - x0 + (h * x3), x0, y1 - y0 + (g * y1), y3 - y0 + (h * y3), y0, g, h);
    }

    public (double X, double Y) Apply(double u, double v)
    {
        var w = (G * u) + (H * v) + 1;
        return (((A * u) + (B * v) + C) / w, ((D * u) + (E * v) + F) / w);
    }
}
