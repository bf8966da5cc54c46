using Microsoft.Extensions.Logging.Testing;

namespace AsyncAi.Onnx.Tests;

public sealed class ProviderOrderTests : ScratchFolderTests
{
    [Fact]
    public void Providers_are_tried_in_the_order_listed()
    {
        var plan = OnnxProviderPlan.For(Options("cpu", "cuda:0"));

        Assert.Equal(["cpu", "cuda:0"], plan.Attempts.Select(p => p.ToString()));
        Assert.False(plan.CpuIsImplicitFallback);
    }

    [Fact]
    public void An_empty_list_means_the_cpu_only()
    {
        var plan = OnnxProviderPlan.For(Options());

        Assert.Equal(["cpu"], plan.Attempts.Select(p => p.ToString()));
        Assert.False(plan.CpuIsImplicitFallback);
    }

    [Fact]
    public void A_list_without_cpu_gets_the_cpu_as_an_implicit_last_resort()
    {
        var plan = OnnxProviderPlan.For(Options("cuda:1", "cuda:0", "cuda:1"));

        Assert.Equal(["cuda:1", "cuda:0", "cpu"], plan.Attempts.Select(p => p.ToString()));
        Assert.True(plan.CpuIsImplicitFallback);
    }

    [Fact]
    public void RequireGpu_tries_only_the_gpu_providers_in_their_order()
    {
        var options = Options("cuda:1", "cpu", "cuda:0");
        options.RequireGpu = true;

        var plan = OnnxProviderPlan.For(options);

        Assert.Equal(["cuda:1", "cuda:0"], plan.Attempts.Select(p => p.ToString()));
        Assert.False(plan.CpuIsImplicitFallback);
    }

    [Fact]
    public async Task Cpu_listed_before_cuda_loads_on_the_cpu_without_trying_cuda()
    {
        var (provider, logs) = await LoadAndRunAsync(OnnxExecutionProvider.Cpu, OnnxExecutionProvider.Cuda(0));

        Assert.Equal(OnnxExecutionProvider.Cpu, provider);
        // This machine has no CUDA: had CUDA been tried, its failure would be logged as a warning.
        Assert.DoesNotContain(logs, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_gpu_only_list_without_RequireGpu_falls_back_to_the_cpu_as_a_last_resort_with_a_warning()
    {
        var (provider, logs) = await LoadAndRunAsync(OnnxExecutionProvider.Cuda(0));

        Assert.Equal(OnnxExecutionProvider.Cpu, provider);
        Assert.Contains(logs, e => e.Level == LogLevel.Warning && e.Message.Contains("cpu as the last resort", StringComparison.Ordinal) && e.Message.Contains("cuda:0", StringComparison.Ordinal));
    }

    /// <summary>Loads a tiny model with the providers in this order, runs it once, and says where it ran and what was logged.</summary>
    private async Task<(OnnxExecutionProvider? Provider, IReadOnlyList<FakeLogRecord> Logs)> LoadAndRunAsync(params OnnxExecutionProvider[] providers)
    {
        var path = TinyOnnxModels.WriteAffine(Folder, batch: null, width: 2);
        var logs = new FakeLoggerProvider();
        await using var services = await TestWorker.StartAsync(
            w => w.AddOnnxModel("model", o =>
            {
                o.ModelPath = path;
                foreach (var provider in providers)
                {
                    o.ExecutionProviders.Add(provider);
                }
            }),
            logs);
        var model = services.GetRequiredKeyedService<OnnxModel>("model");

        using var result = await model.RunAsync(new OnnxTensor(new float[] { 1, 1 }, 1, 2));

        return (model.ExecutionProvider, logs.Collector.GetSnapshot());
    }

    private static OnnxModelOptions Options(params string[] providers)
    {
        var options = new OnnxModelOptions { ModelPath = "model.onnx" };
        foreach (var provider in providers)
        {
            options.ExecutionProviders.Add(OnnxExecutionProvider.Parse(provider));
        }

        return options;
    }
}
