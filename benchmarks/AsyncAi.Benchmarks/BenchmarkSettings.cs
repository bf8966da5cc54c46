using System.Globalization;

namespace AsyncAi.Benchmarks;

/// <summary>The command line of the benchmark.</summary>
internal sealed record BenchmarkSettings(string Model, int Size, int Images, int[] Concurrency, int MaxBatch, double DelayMs, bool Cuda, int Device, int Rounds)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var model = Value("--model", Path.Combine(".models", "paddleocr-v4", "ch_PP-OCRv4_det_infer.onnx"));
        if (!File.Exists(model))
        {
            throw new FileNotFoundException($"'{model}' is missing: run scripts/fetch-models.sh, or pass --model PATH.", model);
        }

        return new BenchmarkSettings(
            model,
            int.Parse(Value("--size", "320"), CultureInfo.InvariantCulture),
            int.Parse(Value("--images", "48"), CultureInfo.InvariantCulture),
            [.. Value("--concurrency", "1,4,8,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            int.Parse(Value("--max-batch", "8"), CultureInfo.InvariantCulture),
            double.Parse(Value("--delay-ms", "2"), CultureInfo.InvariantCulture),
            args.Contains("--cuda"),
            int.Parse(Value("--device", "0"), CultureInfo.InvariantCulture),
            int.Parse(Value("--rounds", "5"), CultureInfo.InvariantCulture));
    }
}
