using SkiaSharp;

namespace AsyncAi.Imaging;

/// <summary>Turns bitmaps, probability maps and image tensors into PNG files.</summary>
public static class ImagePng
{
    /// <summary>Encodes a bitmap as PNG.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] Encode(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the image as PNG.");
        return data.ToArray();
    }

    /// <summary>Draws a map of values in 0..1 (a probability or a mask) as a greyscale PNG, 1 being white.</summary>
    /// <param name="map">The values, row-major; values outside 0..1 are clamped.</param>
    /// <param name="width">The map's width.</param>
    /// <param name="height">The map's height.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] FromMap(ReadOnlySpan<float> map, int width, int height)
    {
        if (map.Length < width * height)
        {
            throw new ArgumentException($"The map holds {map.Length} values; a {width}x{height} map needs {width * height}.", nameof(map));
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * bitmap.RowBytes) + x] = (byte)Math.Round(Math.Clamp(map[(y * width) + x], 0f, 1f) * 255f);
            }
        }

        return Encode(bitmap);
    }

    /// <summary>Turns <c>[3, height, width]</c> normalised planes back into a colour PNG (the inverse of <see cref="ImageTensors.WriteNchw"/>).</summary>
    /// <param name="planes">The planes.</param>
    /// <param name="width">The width.</param>
    /// <param name="height">The height.</param>
    /// <param name="normalization">How the planes were normalised.</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] FromNchw(ReadOnlySpan<float> planes, int width, int height, ImageNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        var plane = width * height;
        if (planes.Length < 3 * plane)
        {
            throw new ArgumentException($"The tensor holds {planes.Length} values; 3x{height}x{width} needs {3 * plane}.", nameof(planes));
        }

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        Span<int> target = normalization.Order == ChannelOrder.Rgb ? [0, 1, 2] : [2, 1, 0];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = (y * bitmap.RowBytes) + (x * 4);
                for (var c = 0; c < 3; c++)
                {
                    var value = ((planes[(c * plane) + (y * width) + x] * normalization.Std[c]) + normalization.Mean[c]) * 255f;
                    pixels[p + target[c]] = (byte)Math.Clamp(Math.Round(value), 0, 255);
                }

                pixels[p + 3] = 255;
            }
        }

        return Encode(bitmap);
    }
}
