using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// Cuts a rotated box out of an image and straightens it, as PaddleOCR's <c>get_rotate_crop_image</c>: the box's
/// quadrilateral is mapped by a perspective transform onto an upright rectangle as wide as its longer top/bottom
/// edge and as tall as its longer left/right edge (bilinear sampling, edge pixels repeated outside the image);
/// a crop at least 1.5 times taller than wide is a vertical line and is turned 90 degrees counter-clockwise.
/// </summary>
internal static class RotatedCrop
{
    public const double VerticalAspect = 1.5;

    /// <param name="image">An RGBA image (Rgba8888).</param>
    /// <param name="box">The quadrilateral in the image's pixels (pixel centres at integer coordinates).</param>
    /// <returns>A new RGBA bitmap that the caller disposes.</returns>
    public static SKBitmap Cut(SKBitmap image, RotatedBox box)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ColorType != SKColorType.Rgba8888)
        {
            throw new ArgumentException($"The image must be Rgba8888, not {image.ColorType}.", nameof(image));
        }

        var width = Math.Max(1, (int)Math.Round(Math.Max(Polygon.Distance(box.TopLeft, box.TopRight), Polygon.Distance(box.BottomLeft, box.BottomRight))));
        var height = Math.Max(1, (int)Math.Round(Math.Max(Polygon.Distance(box.TopLeft, box.BottomLeft), Polygon.Distance(box.TopRight, box.BottomRight))));
        var map = SquareToQuad.From(box.TopLeft, box.TopRight, box.BottomRight, box.BottomLeft);
        var crop = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var source = image.GetPixelSpan();
        var sourceRow = image.RowBytes;
        var target = crop.GetPixelSpan();
        var targetRow = crop.RowBytes;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (sx, sy) = map.Apply((double)x / width, (double)y / height);
                Sample(source, sourceRow, image.Width, image.Height, sx, sy, target.Slice((y * targetRow) + (x * 4), 4));
            }
        }

        if (height >= VerticalAspect * width)
        {
            var turned = RotateCounterClockwise(crop);
            crop.Dispose();
            return turned;
        }

        return crop;
    }

    /// <summary>The image turned by 180 degrees, as a new bitmap.</summary>
    public static SKBitmap Rotate180(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var turned = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var source = image.GetPixelSpan();
        var target = turned.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                source.Slice((y * image.RowBytes) + (x * 4), 4)
                    .CopyTo(target.Slice(((image.Height - 1 - y) * turned.RowBytes) + ((image.Width - 1 - x) * 4), 4));
            }
        }

        return turned;
    }

    /// <summary>The image turned by 90 degrees counter-clockwise (numpy's <c>rot90</c>), as a new bitmap.</summary>
    public static SKBitmap RotateCounterClockwise(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var turned = new SKBitmap(new SKImageInfo(image.Height, image.Width, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var source = image.GetPixelSpan();
        var target = turned.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                // Source (x, y) goes to (y, width - 1 - x): the right edge becomes the top.
                source.Slice((y * image.RowBytes) + (x * 4), 4)
                    .CopyTo(target.Slice(((image.Width - 1 - x) * turned.RowBytes) + (y * 4), 4));
            }
        }

        return turned;
    }

    private static void Sample(ReadOnlySpan<byte> pixels, int rowBytes, int width, int height, double x, double y, Span<byte> destination)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        for (var c = 0; c < 4; c++)
        {
            var top = (pixels[(y0 * rowBytes) + (x0 * 4) + c] * (1 - fx)) + (pixels[(y0 * rowBytes) + (x1 * 4) + c] * fx);
            var bottom = (pixels[(y1 * rowBytes) + (x0 * 4) + c] * (1 - fx)) + (pixels[(y1 * rowBytes) + (x1 * 4) + c] * fx);
            destination[c] = (byte)Math.Clamp(Math.Round((top * (1 - fy)) + (bottom * fy)), 0, 255);
        }
    }
}
