namespace AsyncAi.Onnx.Tests;

/// <summary>Renders known words in a plain font, black on white, and says where each line's ink is.</summary>
internal static class TextImages
{
    private const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>DejaVu Sans Mono (fonts-dejavu-core), for tight monospace lines.</summary>
    public const string MonospaceFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

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

    /// <summary>
    /// One line of text turned by <paramref name="degrees"/> (clockwise on screen) about the image's centre, dark
    /// on light or light on dark; letter spacing can be tightened (negative <paramref name="letterSpacing"/>).
    /// </summary>
    public static byte[] RenderLine(int width, int height, float fontSize, float degrees, string text, string fontPath = FontPath, float letterSpacing = 0, float wordGap = -1, bool dark = false)
    {
        if (!File.Exists(fontPath))
        {
            throw new FileNotFoundException($"The test font is missing: apt-get install -y fonts-dejavu-core (scripts/fetch-models.sh does it).", fontPath);
        }

        using var typeface = SKTypeface.FromFile(fontPath);
        using var font = new SKFont(typeface, fontSize);
        using var paint = new SKPaint { Color = dark ? SKColors.White : SKColors.Black, IsAntialias = true };
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(dark ? new SKColor(24, 24, 28) : SKColors.White);

        // Glyph by glyph, so the spacing is exact; a space advances by wordGap when given.
        var advances = text.Select(c => c == ' ' && wordGap >= 0 ? wordGap : font.MeasureText(c.ToString()) + letterSpacing).ToArray();
        var total = advances.Sum() - letterSpacing;
        canvas.Translate(width / 2f, height / 2f);
        canvas.RotateDegrees(degrees);
        var x = -total / 2;
        var baseline = fontSize * 0.35f;
        for (var i = 0; i < text.Length; i++)
        {
            canvas.DrawText(text[i].ToString(), x, baseline, SKTextAlign.Left, font, paint);
            x += advances[i];
        }

        canvas.Flush();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Texts drawn at the given baseline positions, black on white (a page laid out by hand: columns, a footer).</summary>
    public static (byte[] Png, List<SKRect> Bounds) RenderAt(int width, int height, float fontSize, params (float X, float Y, string Text)[] texts)
    {
        using var typeface = SKTypeface.FromFile(FontPath);
        using var font = new SKFont(typeface, fontSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var bounds = new List<SKRect>();
        foreach (var (x, y, text) in texts)
        {
            font.MeasureText(text, out var ink);
            canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
            bounds.Add(new SKRect(x + ink.Left, y + ink.Top, x + ink.Right, y + ink.Bottom));
        }

        canvas.Flush();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), bounds);
    }

    /// <summary>
    /// A page of lines (dark on white, at <paramref name="fontSize"/>, 2 font sizes apart) photographed at an angle:
    /// the flat page is mapped onto the quadrilateral whose <paramref name="shrunkEdge"/> ("top" or "right") is
    /// shortened so that the two edges beside it lean inwards by <paramref name="degrees"/> (keystone), white around.
    /// </summary>
    public static byte[] RenderKeystone(float fontSize, float degrees, string shrunkEdge, params string[] lines)
    {
        using var typeface = SKTypeface.FromFile(FontPath);
        using var font = new SKFont(typeface, fontSize);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var width = (int)(lines.Max(l => font.MeasureText(l)) + (2 * fontSize));
        var height = (int)(fontSize * ((2 * lines.Length) + 1));
        using var flat = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(flat))
        {
            canvas.Clear(SKColors.White);
            for (var i = 0; i < lines.Length; i++)
            {
                canvas.DrawText(lines[i], fontSize, fontSize * (1.75f + (2 * i)), SKTextAlign.Left, font, paint);
            }
        }

        var lean = (float)Math.Tan(degrees * Math.PI / 180);
        SKPoint[] corners = shrunkEdge == "top"
            ? [new(height * lean, 0), new(width - (height * lean), 0), new(width, height), new(0, height)]
            : [new(0, 0), new(width, width * lean / 4), new(width, height - (width * lean / 4)), new(0, height)];
        var map = SquareToQuad.From(corners[0], corners[1], corners[2], corners[3]);
        var matrix = new SKMatrix(
            (float)(map.A / width), (float)(map.B / height), (float)map.C,
            (float)(map.D / width), (float)(map.E / height), (float)map.F,
            (float)(map.G / width), (float)(map.H / height), 1);
        using var photo = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(photo))
        using (var image = SKImage.FromBitmap(flat))
        {
            canvas.Clear(SKColors.White);
            canvas.SetMatrix(matrix);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        }

        using var data = photo.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
