namespace AsyncAi.Onnx.Tests;

public sealed class RegionWavesTests
{
    [Fact]
    public void A_page_with_many_regions_never_has_more_than_the_bound_in_one_wave_and_keeps_every_region_once_in_order()
    {
        var order = Enumerable.Range(0, 1000).Reverse().ToArray();

        var waves = RegionWaves.Plan(order, batchSize: 6, maxRegionsInFlight: 20).ToList();

        Assert.All(waves, wave => Assert.InRange(wave.Sum(batch => batch.Length), 1, 20));
        Assert.All(waves.SelectMany(w => w), batch => Assert.InRange(batch.Length, 1, 6));
        Assert.Equal(order, waves.SelectMany(w => w).SelectMany(b => b));
        // The batches are exactly those of the unbounded plan: waves change when they run, not what they hold.
        Assert.Equal(order.Chunk(6).Select(b => string.Join(',', b)), waves.SelectMany(w => w).Select(b => string.Join(',', b)));
        Assert.Equal(56, waves.Count);
    }

    [Fact]
    public void A_bound_below_the_batch_size_is_refused_by_the_planner_and_the_validator()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionWaves.Plan([1, 2, 3], batchSize: 6, maxRegionsInFlight: 5));
        var options = new PaddleOcrOptions { RecognitionBatchSize = 6, MaxRegionsInFlight = 5 };
        OcrTestSupport.Models()(options);

        var result = new PaddleOcrOptionsValidator().Validate("ocr", options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("MaxRegionsInFlight", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_read_in_waves_of_one_batch_reads_the_same_as_all_regions_at_once()
    {
        var lines = Enumerable.Range(0, 14).Select(i => $"LINE {100 + (i * 7)}").ToArray();
        var (png, _) = TextImages.Render(480, 14 * 44, 26, lines);
        await using var provider = await TestWorker.StartAsync(w => w
            .AddPaddleOcr(o =>
            {
                OcrTestSupport.Models(jobType: "ocr-waves")(o);
                o.MaxRegionsInFlight = o.RecognitionBatchSize;
            })
            .AddPaddleOcr(o =>
            {
                OcrTestSupport.Models(jobType: "ocr-all")(o);
                o.MaxRegionsInFlight = 65536;
            }));

        var waves = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr-waves", new Dictionary<string, byte[]> { ["image"] = png }));
        var all = OcrTestSupport.ReadResult(await TestWorker.RunJobAsync(provider, "ocr-all", new Dictionary<string, byte[]> { ["image"] = png }));

        // More regions than one batch, so the bounded run really goes in several waves.
        Assert.InRange(all.Lines.Count, 7, 14);
        Assert.Equal(all.Lines.Count, provider.GetRequiredKeyedService<OnnxModel>("ocr-waves-rec").Statistics.Items);
        Assert.Equal(all.Text, waves.Text);
        Assert.Equal(all.Lines.Select(l => l.Box), waves.Lines.Select(l => l.Box));
        Assert.Equal(all.Lines.Select(l => l.Confidence), waves.Lines.Select(l => l.Confidence), (a, b) => Math.Abs(a - b) < 1e-3f);
    }
}
