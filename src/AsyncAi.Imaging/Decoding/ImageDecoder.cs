using SkiaSharp;

namespace AsyncAi.Imaging;

/// <summary>
/// Decodes untrusted image files (PNG, JPEG, WebP, GIF, BMP) into 8-bit RGBA bitmaps. The header is read first, so an
/// image that claims more than <see cref="DefaultMaxPixels"/> pixels is refused before any pixel memory is taken.
/// Anything that is not a readable image fails as <see cref="InvalidJobInputException"/>.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The default pixel limit: 64 megapixels (256 MiB as RGBA).</summary>
    public const long DefaultMaxPixels = 64L * 1024 * 1024;

    /// <summary>The default limit on an encoded file: 64 MiB.</summary>
    public const long DefaultMaxEncodedBytes = 64L * 1024 * 1024;

    /// <summary>Decodes an encoded image held in memory.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="maxPixels">The most pixels accepted.</param>
    /// <returns>An RGBA bitmap (unpremultiplied) that the caller disposes.</returns>
    /// <exception cref="InvalidJobInputException">The bytes are not a readable image, or it is too large.</exception>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, long maxPixels = DefaultMaxPixels)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidJobInputException("The image is empty.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new InvalidJobInputException("The input is not a readable image; PNG, JPEG, WebP, GIF and BMP are accepted.");
        }

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new InvalidJobInputException("The image has no pixels.");
        }

        if ((long)info.Width * info.Height > maxPixels)
        {
            throw new InvalidJobInputException($"The image is {info.Width}x{info.Height} pixels; at most {maxPixels} pixels are accepted.");
        }

        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(target);
        try
        {
            var decoded = codec.GetPixels(target, bitmap.GetPixels());
            // A truncated file still yields the rows read so far; anything less than a whole image is refused.
            if (decoded != SKCodecResult.Success)
            {
                throw new InvalidJobInputException($"The image could not be decoded: {decoded}.");
            }

            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Reads and decodes an encoded image from a stream.</summary>
    /// <param name="stream">The file's bytes; read to the end, not disposed.</param>
    /// <param name="maxEncodedBytes">The largest file accepted.</param>
    /// <param name="maxPixels">The most pixels accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>An RGBA bitmap (unpremultiplied) that the caller disposes.</returns>
    /// <exception cref="InvalidJobInputException">The bytes are not a readable image, or it is too large.</exception>
    public static async Task<SKBitmap> DecodeAsync(Stream stream, long maxEncodedBytes = DefaultMaxEncodedBytes, long maxPixels = DefaultMaxPixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxEncodedBytes)
            {
                throw new InvalidJobInputException($"The image file is larger than the {maxEncodedBytes} bytes accepted.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), maxPixels);
    }
}
