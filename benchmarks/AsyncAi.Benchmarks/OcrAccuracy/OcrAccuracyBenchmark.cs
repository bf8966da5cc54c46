using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AsyncAi.Ocr;
using AsyncAi.Worker;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Benchmarks.OcrAccuracy;

/// <summary>
/// Runs the OCR job, through its real registration and handler, on each image of a rendered test set
/// (benchmarks/ocr-accuracy/render.sh) and reports the character error rate per image, per category and in
/// total, and images/s one at a time and concurrently (where the dynamic batcher stacks jobs).
///   dotnet run -c Release --project benchmarks/AsyncAi.Benchmarks -- ocr-accuracy --set DIR [--out FILE]
///       [--models DIR] [--concurrency 4] [--cuda] [--device 0]
/// </summary>
internal static class OcrAccuracyBenchmark
{
    /// <summary>
    /// The issues' targets: at most 2 % CER on clean and slightly tilted text, 10 % on noisy and 30-degree text
    /// (issue 17); 3 % on three columns, side-bars and perspective photos up to 20 degrees of keystone (issue 29).
    /// </summary>
    private static readonly Dictionary<string, double> Targets = new()
    {
        ["clean"] = 0.02,
        ["tilt15"] = 0.02,
        ["dark"] = 0.02,
        ["mono"] = 0.02,
        ["columns"] = 0.02,
        ["upside-down"] = 0.02,
        ["noisy"] = 0.10,
        ["tilt30"] = 0.10,
        ["columns3"] = 0.03,
        ["sidebar"] = 0.03,
        ["perspective"] = 0.03,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var set = Value("--set", Path.Combine("artifacts", "ocr-accuracy", "set"));
        var output = Value("--out", Path.Combine("artifacts", "ocr-accuracy", "results.md"));
        var models = Value("--models", Path.Combine(".models", "paddleocr-v4"));
        var concurrency = int.Parse(Value("--concurrency", "4"), CultureInfo.InvariantCulture);
        var provider = args.Contains("--cuda") ? OnnxExecutionProvider.Cuda(int.Parse(Value("--device", "0"), CultureInfo.InvariantCulture)) : OnnxExecutionProvider.Cpu;
        var cases = File.ReadAllLines(Path.Combine(set, "manifest.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => new Case(f[0], f[1], File.ReadAllBytes(Path.Combine(set, f[2])), File.ReadAllText(Path.Combine(set, f[0] + ".txt")), f[3]))
            .ToList();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        new AsyncAiWorkerBuilder(services, JobHandlerRegistry.GetOrAdd(services)).AddPaddleOcr(o =>
        {
            o.DetectionModelPath = Path.Combine(models, "ch_PP-OCRv4_det_infer.onnx");
            o.RecognitionModelPath = Path.Combine(models, "ch_PP-OCRv4_rec_infer.onnx");
            o.DirectionClassifierModelPath = Path.Combine(models, "ch_ppocr_mobile_v2.0_cls_infer.onnx");
            o.DictionaryPath = Path.Combine(models, "ppocr_keys_v1.txt");
            o.WriteOverlay = false;
            o.ExecutionProviders.Add(provider);
            o.RequireGpu = provider.IsGpu;
        });
        await using var container = services.BuildServiceProvider();
        foreach (var hosted in container.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        // Warm-up: JIT and the first session runs are not part of any figure.
        await RunJobAsync(container, cases[0].Image);

        var results = new List<(Case Case, OcrResult Result, double Milliseconds)>();
        var sequential = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            var watch = Stopwatch.StartNew();
            var result = await RunJobAsync(container, c.Image);
            results.Add((c, result, watch.Elapsed.TotalMilliseconds));
        }

        var sequentialSeconds = sequential.Elapsed.TotalSeconds;

        // What was read, beside the results, for a person to compare with the expected NAME.txt.
        var readFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "read");
        Directory.CreateDirectory(readFolder);
        foreach (var (c, result, _) in results)
        {
            await File.WriteAllTextAsync(Path.Combine(readFolder, c.Name + ".txt"), result.Text + "\n");
        }

        using var slots = new SemaphoreSlim(concurrency);
        var concurrent = Stopwatch.StartNew();
        var concurrentTexts = await Task.WhenAll(cases.Select(async c =>
        {
            await slots.WaitAsync();
            try
            {
                return (await RunJobAsync(container, c.Image)).Text;
            }
            finally
            {
                slots.Release();
            }
        }));
        var concurrentSeconds = concurrent.Elapsed.TotalSeconds;
        var recognition = container.GetRequiredKeyedService<OnnxModel>("ocr-rec").Statistics;

        var report = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine(inv, $"OCR accuracy: {cases.Count} images, provider {provider}, {Environment.ProcessorCount} logical cores.");
        report.AppendLine();
        report.AppendLine("| image | category | CER | CER without spaces | target | ms | read (first difference) |");
        report.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        var byCategory = new Dictionary<string, (int Edits, int Characters, int EditsNoSpace, int CharactersNoSpace)>();
        foreach (var (c, result, ms) in results)
        {
            var expected = CharacterErrorRate.Normalize(c.Expected);
            var actual = CharacterErrorRate.Normalize(result.Text);
            var edits = CharacterErrorRate.Distance(expected, actual);
            var expectedNoSpace = expected.Replace(" ", string.Empty, StringComparison.Ordinal);
            var editsNoSpace = CharacterErrorRate.Distance(expectedNoSpace, actual.Replace(" ", string.Empty, StringComparison.Ordinal));
            var sum = byCategory.GetValueOrDefault(c.Category);
            byCategory[c.Category] = (sum.Edits + edits, sum.Characters + expected.Length, sum.EditsNoSpace + editsNoSpace, sum.CharactersNoSpace + expectedNoSpace.Length);
            var target = Targets.TryGetValue(c.Category, out var t) ? t.ToString("P0", inv) : "-";
            report.AppendLine(inv, $"| {c.Name} ({c.Description}) | {c.Category} | {(double)edits / expected.Length:P1} | {(double)editsNoSpace / expectedNoSpace.Length:P1} | {target} | {ms:F0} | {FirstDifference(expected, actual)} |");
        }

        report.AppendLine();
        report.AppendLine("| category | images | CER | CER without spaces | target | met |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        var total = (Edits: 0, Characters: 0, EditsNoSpace: 0, CharactersNoSpace: 0);
        foreach (var (category, sum) in byCategory)
        {
            var cer = (double)sum.Edits / sum.Characters;
            var met = Targets.TryGetValue(category, out var t) ? (cer <= t ? "yes" : string.Create(inv, $"no, by {(cer - t) * 100:F1} points")) : "-";
            report.AppendLine(inv, $"| {category} | {results.Count(r => r.Case.Category == category)} | {cer:P1} | {(double)sum.EditsNoSpace / sum.CharactersNoSpace:P1} | {(Targets.TryGetValue(category, out var target) ? target.ToString("P0", inv) : "-")} | {met} |");
            total = (total.Edits + sum.Edits, total.Characters + sum.Characters, total.EditsNoSpace + sum.EditsNoSpace, total.CharactersNoSpace + sum.CharactersNoSpace);
        }

        report.AppendLine(inv, $"| **total** | {results.Count} | {(double)total.Edits / total.Characters:P1} | {(double)total.EditsNoSpace / total.CharactersNoSpace:P1} | | |");
        report.AppendLine();
        var same = concurrentTexts.Zip(results).Count(p => p.First == p.Second.Result.Text);
        report.AppendLine(inv, $"Throughput: {cases.Count / sequentialSeconds:F2} images/s one at a time; {cases.Count / concurrentSeconds:F2} images/s with {concurrency} jobs at once ({same} of {cases.Count} texts identical to the one-at-a-time run); recognition over both passes and the warm-up: {recognition.Items} crops in {recognition.ModelCalls} model calls.");

        var text = report.ToString();
        Console.Write(text);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, text);
        return 0;
    }

    private static async Task<OcrResult> RunJobAsync(IServiceProvider container, byte[] image)
    {
        await using var scope = container.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>("ocr");
        var context = new InMemoryJobContext(scope.ServiceProvider, "ocr", "image", image);
        await handler.HandleAsync(context, CancellationToken.None);
        return JsonSerializer.Deserialize(context.Files["result.json"], OcrJsonContext.Default.OcrResult)!;
    }

    /// <summary>"ok", or the read text around the first place where it differs from the expected one.</summary>
    private static string FirstDifference(string expected, string actual)
    {
        if (expected == actual)
        {
            return "ok";
        }

        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        static string Clip(string s, int from) => s.Substring(Math.Max(0, from - 12), Math.Min(s.Length - Math.Max(0, from - 12), 30)).Replace("\n", " / ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
        return $"`{Clip(expected, at)}` read `{Clip(actual, at)}`";
    }

    private sealed record Case(string Name, string Category, byte[] Image, string Expected, string Description);
}
