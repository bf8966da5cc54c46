using System.Text;

namespace AsyncAi.Onnx.Tests;

public sealed class OnnxHandlerTests : ScratchFolderTests
{
    [Fact]
    public async Task A_job_with_a_wrong_input_shape_fails_with_invalid_input_and_the_next_job_succeeds()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 3);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxHandler("affine", o => o.Model.ModelPath = path));

        var error = await Assert.ThrowsAsync<InvalidJobInputException>(() => TestWorker.RunJobAsync(
            provider, "affine", new Dictionary<string, byte[]> { ["x"] = ModelLoadingTests.TensorJsonBytes([1, 2, 3, 4], 1, 4) }));
        var next = await TestWorker.RunJobAsync(
            provider, "affine", new Dictionary<string, byte[]> { ["x"] = ModelLoadingTests.TensorJsonBytes([1, 2, 3], 1, 3) });

        Assert.Equal(JobErrorCodes.InvalidInput, error.Code);
        Assert.Contains("has shape [1, 4] but the model expects [?, 3]", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\"shape\":[1,3],\"data\":[3,5,7]}", Encoding.UTF8.GetString(next.WrittenFiles["y.json"]));
    }

    [Fact]
    public async Task A_job_whose_input_is_not_a_tensor_fails_with_invalid_input()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 3);
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxHandler("affine", o => o.Model.ModelPath = path));

        var notJson = await Assert.ThrowsAsync<InvalidJobInputException>(() => TestWorker.RunJobAsync(
            provider, "affine", new Dictionary<string, byte[]> { ["x"] = "not json"u8.ToArray() }));
        var wrongCount = await Assert.ThrowsAsync<InvalidJobInputException>(() => TestWorker.RunJobAsync(
            provider, "affine", new Dictionary<string, byte[]> { ["x"] = ModelLoadingTests.TensorJsonBytes([1, 2], 1, 3) }));

        Assert.Contains("not a tensor as JSON", notJson.Message, StringComparison.Ordinal);
        Assert.Contains("holds 3 values but the data has 2", wrongCount.Message, StringComparison.Ordinal);
    }
}
