using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Testing;

namespace AsyncAi.Onnx.Tests;

public sealed class ModelLoadingTests : ScratchFolderTests
{
    [Fact]
    public async Task A_model_that_fails_its_checksum_fails_its_jobs_with_model_failed_while_another_model_keeps_working()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 2);
        var realHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        await using var provider = await TestWorker.StartAsync(w => w
            .AddOnnxHandler("tampered", o =>
            {
                o.Model.ModelPath = path;
                o.Model.ExpectedSha256 = new string('0', 64);
            })
            .AddOnnxHandler("good", o =>
            {
                o.Model.ModelPath = path;
                o.Model.ExpectedSha256 = realHash.ToUpperInvariant();
            }));
        var input = new Dictionary<string, byte[]> { ["x"] = TensorJsonBytes([1, 2], 1, 2) };

        var error = await Assert.ThrowsAsync<NonRetryableJobException>(() => TestWorker.RunJobAsync(provider, "tampered", input));
        var good = await TestWorker.RunJobAsync(provider, "good", input);

        Assert.Equal(JobErrorCodes.ModelFailed, error.Code);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.Contains(realHash, error.Message, StringComparison.Ordinal);
        Assert.Equal(OnnxModelState.Failed, provider.GetRequiredKeyedService<OnnxModel>("tampered").State);
        Assert.Contains("\"data\":[3,5]", System.Text.Encoding.UTF8.GetString(good.WrittenFiles["y.json"]), StringComparison.Ordinal);
        var catalog = provider.GetRequiredService<OnnxModelCatalog>();
        Assert.False(catalog.IsHealthy(out var details));
        Assert.StartsWith("Failed:", details["tampered"], StringComparison.Ordinal);
        Assert.Equal("Ready on cpu", details["good"]);
        var health = await provider.GetRequiredService<OnnxModelsHealthCheck>().CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, health.Status);
        Assert.Equal("Ready on cpu", health.Data["good"]);
    }

    [Fact]
    public async Task Preferring_cuda_on_a_machine_without_it_falls_back_to_the_cpu_with_a_warning()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 2);
        var logs = new FakeLoggerProvider();
        await using var provider = await TestWorker.StartAsync(
            w => w.AddOnnxModel("gpu-preferred", o =>
            {
                o.ModelPath = path;
                o.ExecutionProviders.Add(OnnxExecutionProvider.Cuda(0));
                o.ExecutionProviders.Add(OnnxExecutionProvider.Cpu);
                o.WarmupShapes.Add([1, 2]);
            }),
            logs);
        var model = provider.GetRequiredKeyedService<OnnxModel>("gpu-preferred");

        using var result = await model.RunAsync(new OnnxTensor(new float[] { 1, 1 }, 1, 2));

        Assert.Equal(OnnxExecutionProvider.Cpu, model.ExecutionProvider);
        Assert.Equal(OnnxModelState.Ready, model.State);
        Assert.Contains(logs.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("FELL BACK to execution provider cpu", StringComparison.Ordinal) && e.Message.Contains("cuda:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requiring_a_gpu_on_a_machine_without_one_fails_start_up()
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 2);

        var error = await Assert.ThrowsAsync<OnnxGpuUnavailableException>(() => TestWorker.StartAsync(w => w.AddOnnxModel("gpu-only", o =>
        {
            o.ModelPath = path;
            o.ExecutionProviders.Add(OnnxExecutionProvider.Cuda(0));
            o.RequireGpu = true;
        })));

        Assert.Contains("gpu-only", error.Message, StringComparison.Ordinal);
        Assert.Contains("RequireGpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_an_onnx_model_fails_its_jobs_with_model_failed()
    {
        var path = Path.Combine(Folder, "garbage.onnx");
        await File.WriteAllTextAsync(path, "this is not a protobuf");
        await using var provider = await TestWorker.StartAsync(w => w.AddOnnxModel("garbage", o => o.ModelPath = path));
        var model = provider.GetRequiredKeyedService<OnnxModel>("garbage");

        var error = await Assert.ThrowsAsync<NonRetryableJobException>(() => model.RunAsync(new OnnxTensor(new float[1], 1, 1)));

        Assert.Equal(JobErrorCodes.ModelFailed, error.Code);
        Assert.Contains("garbage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_error_reads_path_value_rule_under_the_models_section()
    {
        await using var built = TestWorker.Build(w => w.AddOnnxModel("detector", o =>
        {
            o.ModelPath = "model.onnx";
            o.MaxBatchSize = 0;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => built.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get("detector"));

        Assert.Equal(["AsyncAi:Worker:Models:detector:MaxBatchSize = 0: must be between 1 and 4096"], error.Failures);
    }

    [Fact]
    public async Task A_handlers_model_settings_are_the_models_own_options_under_the_job_type()
    {
        await using var built = TestWorker.Build(w => w.AddOnnxHandler("segment", o =>
        {
            o.Model.ModelPath = "segment.onnx";
            o.Model.MaxBatchSize = 16;
            o.Model.WarmupShapes.Add([1, 3, 8, 8]);
        }));

        var model = built.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get("segment");

        Assert.Equal(("segment.onnx", 16), (model.ModelPath, model.MaxBatchSize));
        Assert.Equal([1L, 3, 8, 8], Assert.Single(model.WarmupShapes));
    }

    [Fact]
    public async Task Options_validation_reports_every_problem_of_a_model_at_once()
    {
        await using var built = TestWorker.Build(w => w.AddOnnxModel("bad", o =>
        {
            o.ModelPath = null;
            o.ExpectedSha256 = "abc";
            o.MaxBatchSize = 0;
            o.MaxBatchDelay = TimeSpan.FromSeconds(-1);
            o.RequireGpu = true;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => built.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get("bad"));

        Assert.Equal(5, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("ModelPath", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ExpectedSha256", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxBatchSize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxBatchDelay", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("RequireGpu", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_native_library_is_explained_with_the_packages_to_reference()
    {
        var loaderError = new TypeInitializationException("Microsoft.ML.OnnxRuntime.NativeMethods", new DllNotFoundException("Unable to load shared library 'onnxruntime'"));

        Assert.True(NativeRuntime.IsMissingLibrary(loaderError));
        var error = new OnnxRuntimeMissingException(loaderError);
        Assert.Contains("Microsoft.ML.OnnxRuntime (CPU)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu (CUDA)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to load shared library 'onnxruntime'", error.Message, StringComparison.Ordinal);
        Assert.False(NativeRuntime.IsMissingLibrary(new InvalidOperationException("other")));
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("CUDA", "cuda:0")]
    [InlineData("cuda:2", "cuda:2")]
    public void Execution_providers_are_read_from_configuration_text(string text, string expected)
        => Assert.Equal(expected, OnnxExecutionProvider.Parse(text).ToString());

    internal static byte[] TensorJsonBytes(float[] data, params long[] shape)
        => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new TensorJson(shape, data), TensorJsonContext.Default.TensorJson);
}
