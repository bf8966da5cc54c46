using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Benchmarks.Pipeline.Report;

/// <summary>summary.json, and the Markdown tables docs/benchmarks.md quotes.</summary>
internal static class SummaryWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IncludeFields = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteJsonAsync(BenchmarkSummary summary, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, summary, Json);
    }

    /// <summary>Reads a summary.json back, to redraw its chart or tables without measuring again.</summary>
    public static async Task<BenchmarkSummary> ReadJsonAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BenchmarkSummary>(file, Json) ?? throw new InvalidDataException($"{path} holds no summary.");
    }

    public static string Markdown(BenchmarkSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| scenario | loops | worker jobs/s (min-max) | raw jobs/s (min-max) | worker / raw | worker CPU µs/job (self / emulator) | raw CPU µs/job (self / emulator) |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in summary.Throughput)
        {
            md.AppendLine(c, $"| {row.Name} | {row.ReceiveLoops} | {Spread(row.Worker.JobsPerSecond)} | {Spread(row.Raw.JobsPerSecond)} | {row.Ratio:F3} | {row.Worker.ProcessCpuMicrosecondsPerJob:F0} / {row.Worker.EmulatorCpuMicrosecondsPerJob:F0} | {row.Raw.ProcessCpuMicrosecondsPerJob:F0} / {row.Raw.EmulatorCpuMicrosecondsPerJob:F0} |");
        }

        md.AppendLine();
        md.AppendLine("| scenario | worker requests/job (SQS / S3) | worker by kind | raw requests/job | worker KB/job | raw KB/job |");
        md.AppendLine("| --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var row in summary.Throughput)
        {
            var kinds = string.Join(", ", row.Worker.RequestsPerJob.Select(p => string.Create(c, $"{p.Key} {p.Value:F3}")));
            md.AppendLine(c, $"| {row.Name} | {row.Worker.SqsRequestsPerJob:F3} / {row.Worker.S3RequestsPerJob:F3} | {kinds} | {row.Raw.SqsRequestsPerJob:F3} | {row.Worker.AllocatedBytesPerJob / 1024:F1} | {row.Raw.AllocatedBytesPerJob / 1024:F1} |");
        }

        md.AppendLine();
        md.AppendLine("| idle latency, sequential jobs | jobs | publish to handler start p50 / p99 (ms) | publish to completion seen p50 / p99 (ms) |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var row in summary.Latency)
        {
            var name = row.Side == "worker" ? $"AsyncAi worker (c=16), records {(row.Records ? "on" : "off")}" : "raw SDK loop";
            md.AppendLine(c, $"| {name} | {row.Jobs} | {row.ToHandlerStart.P50:F2} / {row.ToHandlerStart.P99:F2} | {row.ToCompletionSeen.P50:F2} / {row.ToCompletionSeen.P99:F2} |");
        }

        md.AppendLine();
        var p = summary.Publish;
        md.AppendLine("| publish | jobs/s (min-max) | CPU µs/job (self / emulator) | KB/job | requests/job |");
        md.AppendLine("| --- | ---: | ---: | ---: | --- |");
        md.AppendLine(c, $"| IJobPublisher.PublishManyAsync | {Spread(p.AsyncAi.JobsPerSecond)} | {p.AsyncAi.ProcessCpuMicrosecondsPerJob:F0} / {p.AsyncAi.EmulatorCpuMicrosecondsPerJob:F0} | {p.AsyncAi.AllocatedBytesPerJob / 1024:F1} | {Kinds(p.AsyncAi)} |");
        md.AppendLine(c, $"| raw SendMessageBatch | {Spread(p.Raw.JobsPerSecond)} | {p.Raw.ProcessCpuMicrosecondsPerJob:F0} / {p.Raw.EmulatorCpuMicrosecondsPerJob:F0} | {p.Raw.AllocatedBytesPerJob / 1024:F1} | {Kinds(p.Raw)} |");
        md.AppendLine(c, $"| AsyncAi / raw | {p.Ratio:F3} | | | |");
        return md.ToString();

        string Spread(Spread s) => string.Create(c, $"{s.Median:N0} ({s.Min:N0}-{s.Max:N0})");
        string Kinds(SideResult side) => string.Join(", ", side.RequestsPerJob.Select(k => string.Create(c, $"{k.Key} {k.Value:F3}")));
    }
}
