namespace AsyncAi.Onnx.Tests;

public sealed class PaddleOcrJobTests
{
    [Fact]
    public async Task Ocr_reads_the_words_of_a_rendered_image_and_its_boxes_cover_them()
    {
        var (png, ink) = TextImages.Render(640, 200, 40, "ASYNC AI 2026", "Hello World");
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var job = await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png });

        var result = OcrTestSupport.ReadResult(job);
        Assert.Equal(640, result.ImageWidth);
        Assert.Equal(200, result.ImageHeight);
        Assert.Equal("cpu", result.ExecutionProvider);
        Assert.Equal(2, result.Lines.Count);
        Assert.Equal("ASYNC AI 2026", result.Lines[0].Text);
        Assert.Equal("Hello World", result.Lines[1].Text);
        Assert.Equal("ASYNC AI 2026\nHello World", result.Text);
        for (var i = 0; i < 2; i++)
        {
            Assert.InRange(result.Lines[i].Confidence, 0.8f, 1f);
            Assert.InRange(OcrTestSupport.Coverage(result.Lines[i].Box, ink[i]), 0.95f, 1f);
            // The box hugs its line: not more than twice the ink's area.
            Assert.True(result.Lines[i].Box.Width * result.Lines[i].Box.Height < 2.5 * ink[i].Width * ink[i].Height);
        }

        using var overlay = ImageDecoder.Decode(job.WrittenFiles["overlay.png"]);
        Assert.Equal((640, 200), (overlay.Width, overlay.Height));
        Assert.Equal(["overlay.png", "result.json"], job.Outputs.Written.Select(o => o.Name).Order());
    }

    [Fact]
    public async Task A_corrupt_image_fails_the_job_with_invalid_input_and_the_next_job_succeeds()
    {
        var (png, _) = TextImages.Render(320, 64, 32, "2026");
        await using var provider = await TestWorker.StartAsync(w => w.AddTestOcr());

        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => TestWorker.RunJobAsync(
            provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png[..(png.Length / 3)] }));
        var next = await TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png });

        Assert.Equal(JobErrorCodes.InvalidInput, error.Code);
        Assert.Equal("2026", OcrTestSupport.ReadResult(next).Text);
    }

    [Fact]
    public async Task A_detection_model_that_fails_its_checksum_fails_ocr_jobs_with_model_failed_while_other_models_work()
    {
        var (png, _) = TextImages.Render(320, 64, 32, "2026");
        var folder = TestPaths.NewScratchFolder();
        var tiny = TinyOnnxModels.WriteAffine(folder, batch: null, width: 2);
        try
        {
            await using var provider = await TestWorker.StartAsync(w => w
                .AddPaddleOcr(o =>
                {
                    OcrTestSupport.Models()(o);
                    o.DetectionModelSha256 = new string('a', 64);
                })
                .AddOnnxHandler("affine", o => o.Model.ModelPath = tiny));

            var error = await Assert.ThrowsAsync<NonRetryableJobException>(() => TestWorker.RunJobAsync(
                provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png }));
            var other = await TestWorker.RunJobAsync(
                provider, "affine", new Dictionary<string, byte[]> { ["x"] = ModelLoadingTests.TensorJsonBytes([0, 1], 1, 2) });

            Assert.Equal(JobErrorCodes.ModelFailed, error.Code);
            Assert.Contains("'ocr-det'", error.Message, StringComparison.Ordinal);
            Assert.Contains("fails its checksum", error.Message, StringComparison.Ordinal);
            Assert.True(other.WrittenFiles.ContainsKey("y.json"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Thirty_two_concurrent_ocr_jobs_share_model_calls_and_read_the_same_as_unbatched_jobs()
    {
        var images = Enumerable.Range(0, 32)
            .Select(i => TextImages.Render(256, 64, 28, $"NO {1000 + (i * 37)}").Png)
            .ToList();
        await using var provider = await TestWorker.StartAsync(w => w
            .AddTestOcr(maxBatchSize: 8, maxBatchDelay: TimeSpan.FromMilliseconds(100), jobType: "ocr")
            .AddTestOcr(maxBatchSize: 1, jobType: "ocr-unbatched"));

        var batched = await Task.WhenAll(images.Select(png => TestWorker.RunJobAsync(provider, "ocr", new Dictionary<string, byte[]> { ["image"] = png })));
        var unbatched = new List<FakeJobContext>();
        foreach (var png in images)
        {
            unbatched.Add(await TestWorker.RunJobAsync(provider, "ocr-unbatched", new Dictionary<string, byte[]> { ["image"] = png }));
        }

        var detection = provider.GetRequiredKeyedService<OnnxModel>("ocr-det");
        var recognition = provider.GetRequiredKeyedService<OnnxModel>("ocr-rec");
        Assert.True(detection.Statistics.ModelCalls < 32, $"32 detections took {detection.Statistics.ModelCalls} model calls");
        Assert.Equal(32, detection.Statistics.Items);
        Assert.True(detection.Statistics.GetBatchSizeHistogram().Keys.Max() > 1);
        Assert.True(recognition.Statistics.ModelCalls < recognition.Statistics.Items);
        Assert.Equal(32, provider.GetRequiredKeyedService<OnnxModel>("ocr-unbatched-det").Statistics.ModelCalls);
        for (var i = 0; i < 32; i++)
        {
            var expected = OcrTestSupport.ReadResult(unbatched[i]);
            var actual = OcrTestSupport.ReadResult(batched[i]);
            // Recognition may drop the narrow space; the digits must be right.
            Assert.Equal($"NO{1000 + (i * 37)}", expected.Text.Replace(" ", string.Empty, StringComparison.Ordinal));
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.Lines.Select(l => l.Box), actual.Lines.Select(l => l.Box));
            Assert.Equal(expected.Lines.Select(l => l.Confidence), actual.Lines.Select(l => l.Confidence), (a, b) => Math.Abs(a - b) < 1e-3f);
        }
    }
}
