namespace AsyncAi.Onnx.Tests;

public sealed class DynamicBatchingTests : ScratchFolderTests
{
    [Fact]
    public async Task Thirty_two_concurrent_requests_run_in_fewer_model_calls_with_the_same_results_as_unbatched_runs()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 4);
        await using var provider = await TestWorker.StartAsync(w => w
            .AddOnnxModel("batched", o =>
            {
                o.ModelPath = path;
                o.MaxBatchSize = 8;
                // Generous, so that all 32 arrive while the first batch gathers even on a busy 2-core machine.
                o.MaxBatchDelay = TimeSpan.FromMilliseconds(200);
            })
            .AddOnnxModel("unbatched", o =>
            {
                o.ModelPath = path;
                o.MaxBatchSize = 1;
            }));
        var batched = provider.GetRequiredKeyedService<OnnxModel>("batched");
        var unbatched = provider.GetRequiredKeyedService<OnnxModel>("unbatched");
        var inputs = Enumerable.Range(0, 32).Select(i => new[] { i, i + 0.5f, -i, i * 3f }).ToArray();

        var batchedResults = await Task.WhenAll(inputs.Select(async x =>
        {
            using var result = await batched.RunAsync(new OnnxTensor(x, 1, 4));
            return (Values: result["y"].Data.ToArray(), result.BatchSize);
        }));
        var unbatchedResults = new List<float[]>();
        foreach (var x in inputs)
        {
            using var result = await unbatched.RunAsync(new OnnxTensor(x, 1, 4));
            unbatchedResults.Add(result["y"].Data.ToArray());
        }

        Assert.True(batched.Statistics.ModelCalls < 32, $"32 requests took {batched.Statistics.ModelCalls} model calls");
        var histogram = batched.Statistics.GetBatchSizeHistogram();
        Assert.Equal(32, histogram.Sum(kv => kv.Key * kv.Value));
        Assert.True(histogram.Keys.Max() > 1);
        Assert.True(histogram.Keys.Max() <= 8);
        Assert.Contains(batchedResults, r => r.BatchSize > 1);
        Assert.Equal(32, unbatched.Statistics.ModelCalls);
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(unbatchedResults[i], batchedResults[i].Values);
            Assert.Equal(inputs[i].Select(v => (v * 2) + 1), batchedResults[i].Values);
        }
    }

    [Fact]
    public async Task A_model_with_a_fixed_batch_dimension_runs_requests_one_by_one()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: 1, width: 4);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxModel("fixed", o =>
        {
            o.ModelPath = path;
            o.MaxBatchSize = 8;
            o.MaxBatchDelay = TimeSpan.FromMilliseconds(100);
        }));
        var model = provider.GetRequiredKeyedService<OnnxModel>("fixed");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var result = await model.RunAsync(new OnnxTensor(new float[] { i, i, i, i }, 1, 4));
            return result["y"].Data.ToArray();
        }));

        Assert.Equal(1, model.MaxBatchSize);
        Assert.Equal(6, model.Statistics.ModelCalls);
        Assert.Equal([1], model.Statistics.GetBatchSizeHistogram().Keys);
        Assert.Equal(new float[] { 11, 11, 11, 11 }, results[5]);
    }

    [Fact]
    public async Task Requests_of_different_shapes_are_never_stacked_together()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: null);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxModel("any-width", o =>
        {
            o.ModelPath = path;
            o.MaxBatchSize = 16;
            o.MaxBatchDelay = TimeSpan.FromMilliseconds(100);
        }));
        var model = provider.GetRequiredKeyedService<OnnxModel>("any-width");

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var width = i % 2 == 0 ? 3 : 5;
            var x = Enumerable.Repeat((float)i, width).ToArray();
            using var result = await model.RunAsync(new OnnxTensor(x, 1, width));
            return (Width: width, Shape: result["y"].GetShape(), Values: result["y"].Data.ToArray(), Input: i);
        }));

        Assert.All(results, r =>
        {
            Assert.Equal(new long[] { 1, r.Width }, r.Shape);
            Assert.All(r.Values, v => Assert.Equal((r.Input * 2) + 1, v));
        });
        Assert.True(model.Statistics.ModelCalls >= 2);
    }

    [Fact]
    public async Task A_request_with_several_items_is_stacked_and_sliced_back_whole()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 2);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxModel("rows", o =>
        {
            o.ModelPath = path;
            o.MaxBatchSize = 8;
            o.MaxBatchDelay = TimeSpan.FromMilliseconds(100);
        }));
        var model = provider.GetRequiredKeyedService<OnnxModel>("rows");

        var three = model.RunAsync(new OnnxTensor(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
        var one = model.RunAsync(new OnnxTensor(new float[] { 10, 20 }, 1, 2));
        using var threeResult = await three;
        using var oneResult = await one;

        Assert.Equal(new long[] { 3, 2 }, threeResult["y"].GetShape());
        Assert.Equal(new float[] { 3, 5, 7, 9, 11, 13 }, threeResult["y"].Data.ToArray());
        Assert.Equal(new float[] { 21, 41 }, oneResult["y"].Data.ToArray());
    }

    [Fact]
    public async Task A_wrong_input_shape_fails_with_invalid_input_naming_both_shapes()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 4);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxModel("shape", o => o.ModelPath = path));
        var model = provider.GetRequiredKeyedService<OnnxModel>("shape");

        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => model.RunAsync(new OnnxTensor(new float[5], 1, 5)));

        Assert.Equal(JobErrorCodes.InvalidInput, error.Code);
        Assert.Contains("[1, 5]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[?, 4]", error.Message, StringComparison.Ordinal);
        using var next = await model.RunAsync(new OnnxTensor(new float[4], 1, 4));
        Assert.Equal(new float[] { 1, 1, 1, 1 }, next["y"].Data.ToArray());
    }

    [Fact]
    public async Task A_cancelled_request_is_answered_as_cancelled_and_does_not_disturb_the_others()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 1);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxModel("cancel", o =>
        {
            o.ModelPath = path;
            o.MaxBatchDelay = TimeSpan.FromMilliseconds(300);
        }));
        var model = provider.GetRequiredKeyedService<OnnxModel>("cancel");
        using var cancellation = new CancellationTokenSource();

        var kept = model.RunAsync(new OnnxTensor(new float[] { 1 }, 1, 1));
        var cancelled = model.RunAsync(new OnnxTensor(new float[] { 2 }, 1, 1), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        using var result = await kept;
        Assert.Equal(new float[] { 3 }, result["y"].Data.ToArray());
    }
}
