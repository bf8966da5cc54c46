using SkiaSharp;

namespace AsyncAi.Onnx.Tests;

/// <summary>Renders known words in a plain font, black on white, and says where each line's ink is.</summary>
internal static class TextImages
{
    private const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    public static (byte[] Png, List<SKRect> LineBounds) Render(int width, int height, float fontSize, params string[] lines)
    {
        if (!File.Exists(FontPath))
        {
            throw new FileNotFoundException($"The test font is missing: apt-get install -y fonts-dejavu-core (scripts/fetch-models.sh does it).", FontPath);
        }

        using var typeface = SKTypeface.FromFile(FontPath);
        using var font = new SKFont(typeface, fontSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var bounds = new List<SKRect>();
        var y = fontSize * 1.5f;
        foreach (var line in lines)
        {
            var x = fontSize * 0.75f;
            font.MeasureText(line, out var ink);
            canvas.DrawText(line, x, y, SKTextAlign.Left, font, paint);
            bounds.Add(new SKRect(x + ink.Left, y + ink.Top, x + ink.Right, y + ink.Bottom));
            y += fontSize * 2f;
        }

        canvas.Flush();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), bounds);
    }
}
