using System.Diagnostics;
using System.Globalization;
using AsyncAi.Benchmarks;
using AsyncAi.Worker;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

// Throughput of the PaddleOCR detection model: a raw ONNX Runtime Run loop, the AsyncAi handler path at batch 1,
// and the handler with dynamic batching at several concurrency levels. Not a test: it prints a table.
//   dotnet run -c Release --project benchmarks/AsyncAi.Benchmarks -- [--model PATH] [--size 320] [--images 48]
//       [--concurrency 1,4,8,16] [--max-batch 8] [--delay-ms 2] [--rounds 5] [--cuda] [--device 0]
// Every scenario runs once per round, the rounds one after another, and the table shows each scenario's median
// round: on a shared or throttled machine, whichever scenario runs first would otherwise pay for JIT tiering,
// cache warm-up and clock ramp-up alone.
// The OCR accuracy benchmark (benchmarks/ocr-accuracy/run.sh) is a second command of this tool.
if (args.Length > 0 && args[0] == "ocr-accuracy")
{
    Environment.ExitCode = await AsyncAi.Benchmarks.OcrAccuracy.OcrAccuracyBenchmark.RunAsync(args[1..]);
    return;
}

var settings = BenchmarkSettings.Parse(args);
var provider = settings.Cuda ? OnnxExecutionProvider.Cuda(settings.Device) : OnnxExecutionProvider.Cpu;
var shape = new long[] { 1, 3, settings.Size, settings.Size };
var input = new float[3 * settings.Size * settings.Size];
var random = new Random(42);
for (var i = 0; i < input.Length; i++)
{
    input[i] = (float)((random.NextDouble() * 4) - 2);
}

Console.WriteLine($"Model {settings.Model}, input {string.Join('x', shape)}, {settings.Images} images per row, provider {provider}, {Environment.ProcessorCount} logical cores, median of {settings.Rounds} rounds");
Console.WriteLine();

var batching = $"handler, dynamic batching (max {settings.MaxBatch}, {settings.DelayMs.ToString(CultureInfo.InvariantCulture)} ms)";
var rows = new List<(string Name, int Concurrency, List<Measurement> Rounds)>
{
    ("raw ONNX Runtime Run loop", 1, []),
    ("handler, batch 1", 1, []),
};
rows.AddRange(settings.Concurrency.Select(c => (batching, c, new List<Measurement>())));

for (var round = 0; round < settings.Rounds; round++)
{
    rows[0].Rounds.Add(RawLoop(settings, provider, shape, input));
    rows[1].Rounds.Add(await HandlerAsync(settings, provider, input, maxBatch: 1, concurrency: 1));
    for (var i = 2; i < rows.Count; i++)
    {
        rows[i].Rounds.Add(await HandlerAsync(settings, provider, input, settings.MaxBatch, rows[i].Concurrency));
    }
}

Console.WriteLine("| scenario | concurrency | images/s (median) | ms/image (wall) | images/s (min-max) | model calls | mean batch |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, concurrency, rounds) in rows)
{
    var ordered = rounds.OrderBy(r => r.ImagesPerSecond).ToArray();
    var median = ordered[ordered.Length / 2];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {concurrency} | {median.ImagesPerSecond:F1} | {1000 / median.ImagesPerSecond:F1} | {ordered[0].ImagesPerSecond:F1}-{ordered[^1].ImagesPerSecond:F1} | {median.Calls} | {median.MeanBatch:F2} |"));
}

static Measurement RawLoop(BenchmarkSettings settings, OnnxExecutionProvider provider, long[] shape, float[] input)
{
    // The same session settings as the handler's (OnnxSessionFactory), so that the rows differ only in the path.
    using var options = new SessionOptions
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
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

    return new Measurement(settings.Images / watch.Elapsed.TotalSeconds, settings.Images, 1);
}

static async Task<Measurement> HandlerAsync(BenchmarkSettings settings, OnnxExecutionProvider provider, float[] input, int maxBatch, int concurrency)
{
    var services = new ServiceCollection();
    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
    new AsyncAiWorkerBuilder(services, JobHandlerRegistry.GetOrAdd(services)).AddOnnxModel("det", o =>
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
    return new Measurement(total / watch.Elapsed.TotalSeconds, calls, (double)(model.Statistics.Items - itemsBefore) / calls);
}

/// <summary>One scenario's result in one round.</summary>
internal readonly record struct Measurement(double ImagesPerSecond, long Calls, double MeanBatch);
