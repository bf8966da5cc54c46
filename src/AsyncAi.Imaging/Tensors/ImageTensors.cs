using SkiaSharp;

namespace AsyncAi.Imaging;

/// <summary>Resizing, cropping and conversion of bitmaps into normalised NCHW float tensors.</summary>
public static class ImageTensors
{
    /// <summary>Resizes with bilinear filtering (and mipmaps when shrinking a lot, to avoid aliasing).</summary>
    /// <param name="source">The image.</param>
    /// <param name="width">The new width in pixels.</param>
    /// <param name="height">The new height in pixels.</param>
    /// <returns>A new RGBA bitmap that the caller disposes.</returns>
    public static SKBitmap Resize(SKBitmap source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var shrinkingALot = width * 2 < source.Width || height * 2 < source.Height;
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, shrinkingALot ? SKMipmapMode.Linear : SKMipmapMode.None);
        return source.Resize(info, sampling) ?? throw new InvalidOperationException($"SkiaSharp could not resize a {source.Width}x{source.Height} image to {width}x{height}.");
    }

    /// <summary>Copies a rectangle out of an image; the rectangle is clipped to the image.</summary>
    /// <param name="source">The image.</param>
    /// <param name="area">The area in pixels.</param>
    /// <returns>A new RGBA bitmap that the caller disposes.</returns>
    /// <exception cref="ArgumentException">The area does not overlap the image.</exception>
    public static SKBitmap Crop(SKBitmap source, SKRectI area)
    {
        ArgumentNullException.ThrowIfNull(source);
        var clipped = SKRectI.Intersect(area, new SKRectI(0, 0, source.Width, source.Height));
        if (clipped.Width <= 0 || clipped.Height <= 0)
        {
            throw new ArgumentException($"The area {area} does not overlap the {source.Width}x{source.Height} image.", nameof(area));
        }

        var crop = new SKBitmap(new SKImageInfo(clipped.Width, clipped.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!source.ExtractSubset(crop, clipped))
        {
            crop.Dispose();
            throw new InvalidOperationException($"SkiaSharp could not crop {clipped} out of the image.");
        }

        // ExtractSubset shares pixels with the source; a copy keeps the crop valid after the source is disposed.
        var copy = crop.Copy(SKColorType.Rgba8888);
        crop.Dispose();
        return copy ?? throw new InvalidOperationException("SkiaSharp could not copy the cropped pixels.");
    }

    /// <summary>
    /// Writes an image into a <c>[3, tensorHeight, tensorWidth]</c> plane block, the image at the top-left and
    /// the rest filled with <paramref name="padValue"/> (a value after normalisation; 0 is the mean colour).
    /// </summary>
    /// <param name="image">The image; no larger than the tensor.</param>
    /// <param name="destination">At least <c>3 * tensorHeight * tensorWidth</c> floats.</param>
    /// <param name="tensorWidth">The tensor's width.</param>
    /// <param name="tensorHeight">The tensor's height.</param>
    /// <param name="normalization">Plane order and per-plane mean and standard deviation.</param>
    /// <param name="padValue">The value of the padding.</param>
    public static void WriteNchw(SKBitmap image, Span<float> destination, int tensorWidth, int tensorHeight, ImageNormalization normalization, float padValue = 0f)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(normalization);
        if (image.Width > tensorWidth || image.Height > tensorHeight)
        {
            throw new ArgumentException($"A {image.Width}x{image.Height} image does not fit a {tensorWidth}x{tensorHeight} tensor.", nameof(image));
        }

        var plane = tensorWidth * tensorHeight;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {3 * plane} are needed.", nameof(destination));
        }

        destination[..(3 * plane)].Fill(padValue);
        using var rgba = image.ColorType == SKColorType.Rgba8888 ? null : image.Copy(SKColorType.Rgba8888);
        var pixels = (rgba ?? image).GetPixelSpan();
        var rowBytes = (rgba ?? image).RowBytes;

        // Per output plane: which RGBA byte feeds it, and its scale and offset: (v / 255 - mean) / std.
        Span<int> source = normalization.Order == ChannelOrder.Rgb ? [0, 1, 2] : [2, 1, 0];
        Span<float> scale = stackalloc float[3];
        Span<float> offset = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = 1f / (255f * normalization.Std[c]);
            offset[c] = -normalization.Mean[c] / normalization.Std[c];
        }

        for (var y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * rowBytes, image.Width * 4);
            for (var c = 0; c < 3; c++)
            {
                var target = destination.Slice((c * plane) + (y * tensorWidth), image.Width);
                var channel = source[c];
                var s = scale[c];
                var o = offset[c];
                for (var x = 0; x < target.Length; x++)
                {
                    target[x] = (row[(x * 4) + channel] * s) + o;
                }
            }
        }
    }

    /// <summary>Converts a whole image to a <c>[3, height, width]</c> plane block.</summary>
    /// <param name="image">The image.</param>
    /// <param name="normalization">Plane order and per-plane mean and standard deviation.</param>
    /// <returns>The planes; prefix a batch dimension of 1 for an NCHW tensor.</returns>
    public static float[] ToNchw(SKBitmap image, ImageNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(image);
        var planes = new float[3 * image.Width * image.Height];
        WriteNchw(image, planes, image.Width, image.Height, normalization);
        return planes;
    }
}
