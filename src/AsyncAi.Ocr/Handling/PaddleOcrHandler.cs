using System.Buffers;
using System.Text.Json;
using AsyncAi.Imaging;
using AsyncAi.Worker.Onnx;
using SkiaSharp;

namespace AsyncAi.Ocr;

/// <summary>
/// The OCR job, PaddleOCR's pipeline: decode the image, detect text regions as rotated boxes (one detection
/// request, batched with other jobs' images of the same size), merge boxes of one line that overlap, cut and
/// straighten each box, turn the crops the direction classifier finds upside down (keeping the turn only where the
/// recogniser reads the turned crop more confidently), recognise the crops in
/// batches of similar width (batched again across jobs), group the regions into lines and blocks in reading order, and write
/// <c>result.json</c> and <c>overlay.png</c>.
/// </summary>
internal sealed class PaddleOcrHandler(
    OnnxModel detection,
    OnnxModel recognition,
    OnnxModel? classifier,
    PaddleOcrDictionary dictionary,
    PaddleOcrOptions options,
    TimeProvider timeProvider) : IJobHandler
{
    private const int RecognitionHeight = 48;

    /// <summary>PaddleOCR's recognition shape is 3x48x320: narrower batches are padded to 320.</summary>
    private const int RecognitionMinWidth = 320;

    /// <summary>PaddleOCR's direction classifier takes 3x48x192, the crop resized to height 48 and padded (or squeezed) to 192.</summary>
    private const int ClassifierHeight = 48;

    private const int ClassifierWidth = 192;

    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = timeProvider.GetTimestamp();
        await detection.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        await recognition.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        if (classifier is not null)
        {
            await classifier.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }

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
            var regions = LineLayout.MergeOverlapping(await DetectAsync(image, cancellationToken).ConfigureAwait(false));
            var detected = timeProvider.GetTimestamp();
            var lines = await ReadAsync(image, regions, characters, cancellationToken).ConfigureAwait(false);
            var recognized = timeProvider.GetTimestamp();

            var kept = lines.Where(l => l.Text.Trim().Length > 0 && l.Confidence >= options.MinTextConfidence).ToList();
            var layout = LineLayout.Group(kept);
            var result = new OcrResult(
                image.Width,
                image.Height,
                string.Join('\n', layout.TextLines.Select(l => l.Text)),
                layout.Regions,
                new OcrTimings(
                    Milliseconds(started, decoded),
                    Milliseconds(decoded, detected),
                    Milliseconds(detected, recognized),
                    Milliseconds(started, timeProvider.GetTimestamp())),
                detection.ExecutionProvider?.ToString() ?? "unknown")
            {
                TextLines = layout.TextLines,
                Blocks = layout.Blocks,
            };
            var json = JsonSerializer.SerializeToUtf8Bytes(result, OcrJsonContext.Default.OcrResult);
            await context.Outputs.WriteAsync("result.json", json, "application/json", cancellationToken).ConfigureAwait(false);
            if (options.WriteOverlay)
            {
                var overlay = OverlayRenderer.Render(image, layout.Regions.Select(l => l.Polygon));
                await context.Outputs.WriteAsync("overlay.png", overlay, "image/png", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Finds the text regions as rotated boxes, in the image's pixels.</summary>
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

    /// <summary>Cuts, orients and recognises every region; the lines come back in the regions' order.</summary>
    private async Task<OcrLine[]> ReadAsync(SKBitmap image, List<TextRegion> regions, CharacterDictionary characters, CancellationToken cancellationToken)
    {
        var crops = new SKBitmap[regions.Count];
        try
        {
            for (var i = 0; i < regions.Count; i++)
            {
                crops[i] = RotatedCrop.Cut(image, regions[i].Box);
            }

            var upsideDown = classifier is null ? new bool[crops.Length] : await ClassifyAsync(classifier, crops, cancellationToken).ConfigureAwait(false);

            // The classifier is sure of itself on lines it has never seen the like of: the top line of a page
            // photographed at an angle (glyphs leaning, issue 29) came back "upside down" and was read as noise. So a
            // crop it would turn is read both ways, and the recogniser's more confident reading decides.
            var turnedIndexes = Enumerable.Range(0, crops.Length).Where(i => upsideDown[i]).ToArray();
            var all = new SKBitmap[crops.Length + turnedIndexes.Length];
            crops.CopyTo(all, 0);
            for (var k = 0; k < turnedIndexes.Length; k++)
            {
                all[crops.Length + k] = RotatedCrop.Rotate180(crops[turnedIndexes[k]]);
            }

            crops = all;
            var readBothWays = await RecognizeAsync(crops, characters, cancellationToken).ConfigureAwait(false);
            var read = readBothWays.AsSpan(0, regions.Count).ToArray();
            for (var k = 0; k < turnedIndexes.Length; k++)
            {
                var i = turnedIndexes[k];
                var turned = readBothWays[regions.Count + k];
                upsideDown[i] = turned.Confidence >= read[i].Confidence;
                if (upsideDown[i])
                {
                    read[i] = turned;
                }
            }

            var lines = new OcrLine[regions.Count];
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = Describe(regions[i].Box, upsideDown[i], image.Width, image.Height) with { Text = read[i].Text, Confidence = read[i].Confidence };
            }

            return lines;
        }
        finally
        {
            foreach (var crop in crops)
            {
                crop?.Dispose();
            }
        }
    }

    /// <summary>Which crops the direction classifier finds upside down (label 180 above the threshold), in batches.</summary>
    private async Task<bool[]> ClassifyAsync(OnnxModel model, SKBitmap[] crops, CancellationToken cancellationToken)
    {
        var upsideDown = new bool[crops.Length];
        foreach (var wave in RegionWaves.Plan(Enumerable.Range(0, crops.Length).ToArray(), options.RecognitionBatchSize, options.MaxRegionsInFlight))
        {
            await Task.WhenAll(wave.Select(ClassifyBatchAsync)).ConfigureAwait(false);
        }

        return upsideDown;

        async Task ClassifyBatchAsync(int[] batch)
        {
            var itemLength = 3 * ClassifierHeight * ClassifierWidth;
            var length = batch.Length * itemLength;
            var planes = ArrayPool<float>.Shared.Rent(length);
            try
            {
                for (var b = 0; b < batch.Length; b++)
                {
                    var crop = crops[batch[b]];
                    var resizedWidth = (int)Math.Clamp(Math.Ceiling(ClassifierHeight * (double)crop.Width / crop.Height), 1, ClassifierWidth);
                    using var resized = ImageTensors.Resize(crop, resizedWidth, ClassifierHeight);
                    ImageTensors.WriteNchw(resized, planes.AsSpan(b * itemLength, itemLength), ClassifierWidth, ClassifierHeight, ImageNormalization.SymmetricBgr, padValue: 0f);
                }

                using var output = await model.RunAsync(new OnnxTensor(planes.AsMemory(0, length), batch.Length, 3, ClassifierHeight, ClassifierWidth), cancellationToken).ConfigureAwait(false);
                var probabilities = output.Outputs.Values.First().Data.Span;
                var labels = probabilities.Length / batch.Length;
                for (var b = 0; b < batch.Length; b++)
                {
                    // Labels: 0 degrees, 180 degrees.
                    var upright = probabilities[b * labels];
                    var turned = probabilities[(b * labels) + 1];
                    upsideDown[batch[b]] = turned > upright && turned >= options.DirectionClassifierThreshold;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(planes);
            }
        }
    }

    /// <summary>
    /// Recognises the crops as PaddleOCR batches them: sorted by aspect ratio, in groups of
    /// <see cref="PaddleOcrOptions.RecognitionBatchSize"/>, each group resized to height 48 and padded to its widest
    /// member (rounded up to <see cref="PaddleOcrOptions.RecognitionWidthBucket"/>, so groups of other jobs with the
    /// same width join them in the dynamic batcher).
    /// </summary>
    private async Task<(string Text, float Confidence)[]> RecognizeAsync(SKBitmap[] crops, CharacterDictionary characters, CancellationToken cancellationToken)
    {
        var read = new (string Text, float Confidence)[crops.Length];
        var byAspect = Enumerable.Range(0, crops.Length).OrderBy(i => (double)crops[i].Width / crops[i].Height).ToArray();
        foreach (var wave in RegionWaves.Plan(byAspect, options.RecognitionBatchSize, options.MaxRegionsInFlight))
        {
            await Task.WhenAll(wave.Select(RecognizeBatchAsync)).ConfigureAwait(false);
        }

        return read;

        async Task RecognizeBatchAsync(int[] batch)
        {
            var widest = batch.Max(i => (int)Math.Ceiling(RecognitionHeight * (double)crops[i].Width / crops[i].Height));
            var bucket = options.RecognitionWidthBucket;
            var tensorWidth = Math.Min(options.RecognitionMaxWidth, (Math.Max(RecognitionMinWidth, widest) + bucket - 1) / bucket * bucket);
            var itemLength = 3 * RecognitionHeight * tensorWidth;
            var length = batch.Length * itemLength;
            var planes = ArrayPool<float>.Shared.Rent(length);
            try
            {
                for (var b = 0; b < batch.Length; b++)
                {
                    var crop = crops[batch[b]];
                    var resizedWidth = (int)Math.Clamp(Math.Ceiling(RecognitionHeight * (double)crop.Width / crop.Height), 1, tensorWidth);
                    using var resized = ImageTensors.Resize(crop, resizedWidth, RecognitionHeight);
                    ImageTensors.WriteNchw(resized, planes.AsSpan(b * itemLength, itemLength), tensorWidth, RecognitionHeight, ImageNormalization.SymmetricBgr, padValue: 0f);
                }

                using var output = await recognition.RunAsync(new OnnxTensor(planes.AsMemory(0, length), batch.Length, 3, RecognitionHeight, tensorWidth), cancellationToken).ConfigureAwait(false);
                var probabilities = output.Outputs.Values.First();
                var timeSteps = (int)probabilities.Shape[1];
                var classes = (int)probabilities.Shape[2];
                var rowLength = timeSteps * classes;
                for (var b = 0; b < batch.Length; b++)
                {
                    read[batch[b]] = CtcDecoder.Decode(probabilities.Data.Span.Slice(b * rowLength, rowLength), timeSteps, classes, characters);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(planes);
            }
        }
    }

    /// <summary>A line with no text yet: where its box is, upright and rotated, with the corners as the text reads.</summary>
    private static OcrLine Describe(RotatedBox box, bool upsideDown, int imageWidth, int imageHeight)
    {
        var oriented = upsideDown ? new RotatedBox(box.BottomRight, box.BottomLeft, box.TopLeft, box.TopRight) : box;
        var bounds = SKRectI.Intersect(SKRectI.Round(box.Bounds), new SKRectI(0, 0, imageWidth, imageHeight));
        return new OcrLine(string.Empty, 0f, new OcrBox(bounds.Left, bounds.Top, bounds.Width, bounds.Height))
        {
            Polygon = [.. oriented.Corners.Select(p => new OcrPoint(MathF.Round(p.X, 1), MathF.Round(p.Y, 1)))],
            AngleDegrees = Math.Round(oriented.AngleDegrees, 1),
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
