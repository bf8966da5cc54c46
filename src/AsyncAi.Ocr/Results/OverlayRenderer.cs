using AsyncAi.Imaging;
using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>Draws the detected (rotated) line boxes over the image, for a person to check what was read where.</summary>
internal static class OverlayRenderer
{
    public static byte[] Render(SKBitmap image, IEnumerable<IReadOnlyList<OcrPoint>> polygons)
    {
        using var overlay = image.Copy(SKColorType.Rgba8888)
            ?? throw new InvalidOperationException("SkiaSharp could not copy the image for the overlay.");
        using var canvas = new SKCanvas(overlay);
        using var paint = new SKPaint
        {
            Color = new SKColor(0, 200, 0),
            Style = SKPaintStyle.Stroke,
            StrokeWidth = Math.Max(2f, Math.Min(image.Width, image.Height) / 300f),
            IsAntialias = true,
        };
        foreach (var polygon in polygons.Where(p => p.Count >= 3))
        {
            for (var i = 0; i < polygon.Count; i++)
            {
                var (from, to) = (polygon[i], polygon[(i + 1) % polygon.Count]);
                canvas.DrawLine(from.X, from.Y, to.X, to.Y, paint);
            }
        }

        canvas.Flush();
        return ImagePng.Encode(overlay);
    }
}
