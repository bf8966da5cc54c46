using System.Buffers;
using System.Text.Json;
using AsyncAi.Imaging;
using AsyncAi.Worker.Onnx;
using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// The OCR job: decode the image, detect text regions (one detection request, batched with other jobs' images of
/// the same size), recognise every region (one request per line, batched across lines and jobs), and write
/// <c>result.json</c> and <c>overlay.png</c>.
/// </summary>
internal sealed class PaddleOcrHandler(
    OnnxModel detection,
    OnnxModel recognition,
    PaddleOcrDictionary dictionary,
    PaddleOcrOptions options,
    TimeProvider timeProvider) : IJobHandler
{
    private const int RecognitionHeight = 48;

    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = timeProvider.GetTimestamp();
        await detection.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        await recognition.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        var characters = dictionary.Get();
        CheckRecognitionClasses(characters);

        SKBitmap image;
        var input = await context.OpenInputAsync(options.InputName, cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            image = await ImageDecoder.DecodeAsync(input, maxPixels: options.MaxImagePixels, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        using (image)
        {
            var decoded = timeProvider.GetTimestamp();
            var regions = await DetectAsync(image, cancellationToken).ConfigureAwait(false);
            var detected = timeProvider.GetTimestamp();
            var lines = await Task.WhenAll(regions.Select(r => RecognizeAsync(image, r, characters, cancellationToken))).ConfigureAwait(false);
            var recognized = timeProvider.GetTimestamp();

            var kept = lines.Where(l => l.Text.Trim().Length > 0 && l.Confidence >= options.MinTextConfidence).ToList();
            var result = new OcrResult(
                image.Width,
                image.Height,
                string.Join('\n', kept.Select(l => l.Text)),
                kept,
                new OcrTimings(
                    Milliseconds(started, decoded),
                    Milliseconds(decoded, detected),
                    Milliseconds(detected, recognized),
                    Milliseconds(started, timeProvider.GetTimestamp())),
                detection.ExecutionProvider?.ToString() ?? "unknown");
            var json = JsonSerializer.SerializeToUtf8Bytes(result, OcrJsonContext.Default.OcrResult);
            await context.Outputs.WriteAsync("result.json", json, "application/json", cancellationToken).ConfigureAwait(false);
            if (options.WriteOverlay)
            {
                var overlay = OverlayRenderer.Render(image, kept.Select(l => l.Polygon));
                await context.Outputs.WriteAsync("overlay.png", overlay, "image/png", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Finds the text regions, in the image's pixels and in reading order.</summary>
    internal async Task<List<TextRegion>> DetectAsync(SKBitmap image, CancellationToken cancellationToken)
    {
        var scale = Math.Min(1.0, (double)options.DetectionMaxSideLength / Math.Max(image.Width, image.Height));
        var width = RoundTo32(image.Width * scale);
        var height = RoundTo32(image.Height * scale);
        var length = 3 * width * height;
        var planes = ArrayPool<float>.Shared.Rent(length);
        try
        {
            using (var resized = ImageTensors.Resize(image, width, height))
            {
                ImageTensors.WriteNchw(resized, planes, width, height, ImageNormalization.ImageNetOnBgr);
            }

            using var output = await detection.RunAsync(new OnnxTensor(planes.AsMemory(0, length), 1, 3, height, width), cancellationToken).ConfigureAwait(false);
            var map = output.Outputs.Values.First();
            var regions = DbPostProcessor.FindRegions(
                map.Data.Span,
                width,
                height,
                options.DetectionThreshold,
                options.DetectionBoxThreshold,
                options.DetectionUnclipRatio);
            var sx = (float)image.Width / width;
            var sy = (float)image.Height / height;
            return DbPostProcessor.InReadingOrder(regions.Select(r => new TextRegion(r.Box.Scale(sx, sy).Clamp(image.Width - 1, image.Height - 1), r.Score)));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(planes);
        }
    }

    private async Task<OcrLine> RecognizeAsync(SKBitmap image, TextRegion region, CharacterDictionary characters, CancellationToken cancellationToken)
    {
        var line = Describe(region.Box, image.Width, image.Height);
        using var crop = RotatedCrop.Cut(image, region.Box);
        var resizedWidth = (int)Math.Clamp(Math.Ceiling(RecognitionHeight * (double)crop.Width / crop.Height), 1, options.RecognitionMaxWidth);
        var bucket = options.RecognitionWidthBucket;
        var tensorWidth = Math.Min(options.RecognitionMaxWidth, Math.Max(2 * bucket, (resizedWidth + bucket - 1) / bucket * bucket));
        var length = 3 * RecognitionHeight * tensorWidth;
        var planes = ArrayPool<float>.Shared.Rent(length);
        try
        {
            using (var resized = ImageTensors.Resize(crop, Math.Min(resizedWidth, tensorWidth), RecognitionHeight))
            {
                ImageTensors.WriteNchw(resized, planes, tensorWidth, RecognitionHeight, ImageNormalization.SymmetricBgr, padValue: 0f);
            }

            using var output = await recognition.RunAsync(new OnnxTensor(planes.AsMemory(0, length), 1, 3, RecognitionHeight, tensorWidth), cancellationToken).ConfigureAwait(false);
            var probabilities = output.Outputs.Values.First();
            var timeSteps = (int)probabilities.Shape[1];
            var classes = (int)probabilities.Shape[2];
            var (text, confidence) = CtcDecoder.Decode(probabilities.Data.Span, timeSteps, classes, characters);
            return line with { Text = text, Confidence = confidence };
        }
        finally
        {
            ArrayPool<float>.Shared.Return(planes);
        }
    }

    /// <summary>A line with no text yet: where the box is, upright and rotated.</summary>
    private static OcrLine Describe(RotatedBox box, int imageWidth, int imageHeight)
    {
        var bounds = SKRectI.Intersect(SKRectI.Round(box.Bounds), new SKRectI(0, 0, imageWidth, imageHeight));
        return new OcrLine(string.Empty, 0f, new OcrBox(bounds.Left, bounds.Top, bounds.Width, bounds.Height))
        {
            Polygon = [.. box.Corners.Select(p => new OcrPoint(MathF.Round(p.X, 1), MathF.Round(p.Y, 1)))],
            AngleDegrees = Math.Round(box.AngleDegrees, 1),
        };
    }

    private void CheckRecognitionClasses(CharacterDictionary characters)
    {
        var classes = recognition.Outputs.Count == 1 && recognition.Outputs[0].Shape.Count == 3 ? recognition.Outputs[0].Shape[2] : -1;
        if (classes > 0 && classes != characters.ClassCount)
        {
            throw new NonRetryableJobException(
                JobErrorCodes.ModelFailed,
                $"The recognition model outputs {classes} classes but the dictionary gives {characters.ClassCount} (blank + {characters.ClassCount - 2} characters + space): they do not belong together.");
        }
    }

    private static int RoundTo32(double value) => Math.Max(32, (int)Math.Round(value / 32) * 32);

    private double Milliseconds(long from, long to) => Math.Round(timeProvider.GetElapsedTime(from, to).TotalMilliseconds, 2);
}
