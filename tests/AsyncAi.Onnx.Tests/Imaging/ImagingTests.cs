namespace AsyncAi.Onnx.Tests;

public sealed class ImagingTests
{
    [Fact]
    public void A_corrupt_image_fails_as_invalid_input()
    {
        var (png, _) = TextImages.Render(64, 32, 12, "A");
        var truncated = png[..(png.Length / 2)];

        var garbage = Assert.Throws<InvalidJobInputException>(() => ImageDecoder.Decode("plain text, not an image at all"u8));
        var cut = Assert.Throws<InvalidJobInputException>(() => ImageDecoder.Decode(truncated));
        var empty = Assert.Throws<InvalidJobInputException>(() => ImageDecoder.Decode([]));

        Assert.Equal(JobErrorCodes.InvalidInput, garbage.Code);
        Assert.Contains("not a readable image", garbage.Message, StringComparison.Ordinal);
        Assert.Contains("could not be decoded", cut.Message, StringComparison.Ordinal);
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_over_the_pixel_limit_is_refused_before_decoding()
    {
        var (png, _) = TextImages.Render(200, 100, 12, "A");

        var error = Assert.Throws<InvalidJobInputException>(() => ImageDecoder.Decode(png, maxPixels: 10_000));

        Assert.Contains("200x100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nchw_planes_are_normalised_in_the_requested_channel_order_and_padded()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(255, 0, 51));
        var planes = new float[3 * 2 * 1];

        ImageTensors.WriteNchw(bitmap, planes, tensorWidth: 2, tensorHeight: 1, ImageNormalization.SymmetricBgr, padValue: -9);

        // Planes B, G, R; (v / 255 - 0.5) / 0.5; the second column is padding.
        Assert.Equal(new[] { -0.6f, -9f, -1f, -9f, 1f, -9f }, planes.Select(p => MathF.Round(p, 4)));
    }

    [Fact]
    public void Nchw_planes_turn_back_into_the_same_png_image()
    {
        var (png, _) = TextImages.Render(40, 20, 12, "Hi");
        using var image = ImageDecoder.Decode(png);
        var planes = ImageTensors.ToNchw(image, ImageNormalization.ImageNetRgb);

        using var back = ImageDecoder.Decode(ImagePng.FromNchw(planes, 40, 20, ImageNormalization.ImageNetRgb));

        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                Assert.InRange(Math.Abs(image.GetPixel(x, y).Red - back.GetPixel(x, y).Red), 0, 1);
            }
        }
    }

    [Fact]
    public void A_probability_map_becomes_a_greyscale_png()
    {
        using var map = ImageDecoder.Decode(ImagePng.FromMap(new[] { 0f, 0.5f, 1f, 2f }, 2, 2));

        Assert.Equal(0, map.GetPixel(0, 0).Red);
        Assert.Equal(128, map.GetPixel(1, 0).Red);
        Assert.Equal(255, map.GetPixel(0, 1).Red);
        Assert.Equal(255, map.GetPixel(1, 1).Red);
    }
}
