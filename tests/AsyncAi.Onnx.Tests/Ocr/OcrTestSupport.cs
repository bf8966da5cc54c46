using System.Text.Json;
using AsyncAi.Worker;

namespace AsyncAi.Onnx.Tests;

internal static class OcrTestSupport
{
    public static Action<PaddleOcrOptions> Models(int maxBatchSize = 8, TimeSpan? maxBatchDelay = null, string jobType = "ocr") => o =>
    {
        o.JobType = jobType;
        o.DetectionModelPath = TestPaths.DetectionModel;
        o.RecognitionModelPath = TestPaths.RecognitionModel;
        o.DictionaryPath = TestPaths.Dictionary;
        o.DirectionClassifierModelPath = TestPaths.ClassifierModel;
        o.MaxBatchSize = maxBatchSize;
        o.MaxBatchDelay = maxBatchDelay ?? TimeSpan.FromMilliseconds(3);
    };

    public static IAsyncAiWorkerBuilder AddTestOcr(this IAsyncAiWorkerBuilder builder, int maxBatchSize = 8, TimeSpan? maxBatchDelay = null, string jobType = "ocr")
        => builder.AddPaddleOcr(Models(maxBatchSize, maxBatchDelay, jobType));

    public static OcrResult ReadResult(FakeJobContext job) => ReadResult(job.WrittenFiles["result.json"]);

    public static OcrResult ReadResult(byte[] json) => JsonSerializer.Deserialize(json, OcrJsonContext.Default.OcrResult)!;

    /// <summary>The fraction of the word's ink rectangle that the box covers.</summary>
    public static float Coverage(OcrBox box, SKRect ink)
    {
        var overlap = SKRect.Intersect(new SKRect(box.X, box.Y, box.X + box.Width, box.Y + box.Height), ink);
        return overlap.IsEmpty ? 0 : overlap.Width * overlap.Height / (ink.Width * ink.Height);
    }
}
