using System.Diagnostics;
using System.Globalization;
using AsyncAi.Benchmarks;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

// Throughput of the PaddleOCR detection model: a raw ONNX Runtime Run loop, the AsyncAi handler path at batch 1,
// and the handler with dynamic batching at several concurrency levels. Not a test: it prints a table.
//   dotnet run -c Release --project benchmarks/AsyncAi.Benchmarks -- [--model PATH] [--size 320] [--images 48]
//       [--concurrency 1,4,8,16] [--max-batch 8] [--delay-ms 2] [--cuda] [--device 0]
var settings = BenchmarkSettings.Parse(args);
var provider = settings.Cuda ? OnnxExecutionProvider.Cuda(settings.Device) : OnnxExecutionProvider.Cpu;
var shape = new long[] { 1, 3, settings.Size, settings.Size };
var input = new float[3 * settings.Size * settings.Size];
var random = new Random(42);
for (var i = 0; i < input.Length; i++)
{
    input[i] = (float)((random.NextDouble() * 4) - 2);
}

Console.WriteLine($"Model {settings.Model}, input {string.Join('x', shape)}, {settings.Images} images per row, provider {provider}, {Environment.ProcessorCount} logical cores");
Console.WriteLine();
Console.WriteLine("| scenario | concurrency | images/s | ms/image (wall) | model calls | mean batch |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");

RawLoop(settings, provider, shape, input);
await HandlerAsync(settings, provider, input, "handler, batch 1", maxBatch: 1, concurrency: 1);
foreach (var concurrency in settings.Concurrency)
{
    await HandlerAsync(settings, provider, input, $"handler, dynamic batching (max {settings.MaxBatch}, {settings.DelayMs} ms)", settings.MaxBatch, concurrency);
}

static void RawLoop(BenchmarkSettings settings, OnnxExecutionProvider provider, long[] shape, float[] input)
{
    using var options = new SessionOptions();
    if (provider.IsGpu)
    {
        options.AppendExecutionProvider_CUDA(provider.DeviceId);
    }

    using var session = new InferenceSession(settings.Model, options);
    var inputNames = session.InputMetadata.Keys.ToArray();
    var outputNames = session.OutputMetadata.Keys.ToArray();
    using var runOptions = new RunOptions();
    void RunOnce()
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
    }

    for (var i = 0; i < 3; i++)
    {
        RunOnce();
    }

    var watch = Stopwatch.StartNew();
    for (var i = 0; i < settings.Images; i++)
    {
        RunOnce();
    }

    Report("raw ONNX Runtime Run loop", 1, settings.Images, watch.Elapsed, settings.Images);
}

static async Task HandlerAsync(BenchmarkSettings settings, OnnxExecutionProvider provider, float[] input, string name, int maxBatch, int concurrency)
{
    var services = new ServiceCollection();
    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
    new BenchmarkWorkerBuilder(services).AddOnnxModel("det", o =>
    {
        o.ModelPath = settings.Model;
        o.MaxBatchSize = maxBatch;
        o.MaxBatchDelay = TimeSpan.FromMilliseconds(settings.DelayMs);
        o.ExecutionProviders.Add(provider);
        o.RequireGpu = provider.IsGpu;
    });
    await using var container = services.BuildServiceProvider();
    foreach (var hosted in container.GetServices<IHostedService>())
    {
        await hosted.StartAsync(CancellationToken.None);
    }

    var model = container.GetRequiredKeyedService<OnnxModel>("det");
    var tensor = new OnnxTensor(input, 1, 3, settings.Size, settings.Size);
    for (var i = 0; i < 3; i++)
    {
        using var warm = await model.RunAsync(tensor);
    }

    var callsBefore = model.Statistics.ModelCalls;
    var itemsBefore = model.Statistics.Items;
    var perWorker = Math.Max(1, settings.Images / concurrency);
    var total = perWorker * concurrency;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        for (var i = 0; i < perWorker; i++)
        {
            using var result = await model.RunAsync(tensor);
        }
    })));
    var calls = model.Statistics.ModelCalls - callsBefore;
    Report(name, concurrency, total, watch.Elapsed, calls, (double)(model.Statistics.Items - itemsBefore) / calls);
}

static void Report(string name, int concurrency, int images, TimeSpan elapsed, long calls, double meanBatch = 1)
    => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {concurrency} | {images / elapsed.TotalSeconds:F1} | {elapsed.TotalMilliseconds / images:F1} | {calls} | {meanBatch:F2} |"));
