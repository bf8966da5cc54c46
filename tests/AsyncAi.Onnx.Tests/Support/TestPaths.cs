namespace AsyncAi.Onnx.Tests;

/// <summary>Where the fetched PaddleOCR models are, and a scratch folder per test class.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The folder scripts/fetch-models.sh fills; ASYNCAI_MODELS_DIR overrides it.</summary>
    public static string PaddleOcrModels => Environment.GetEnvironmentVariable("ASYNCAI_MODELS_DIR")
        ?? Path.Combine(RepositoryRoot, ".models", "paddleocr-v4");

    public static string DetectionModel => Require(Path.Combine(PaddleOcrModels, "ch_PP-OCRv4_det_infer.onnx"));

    public static string RecognitionModel => Require(Path.Combine(PaddleOcrModels, "ch_PP-OCRv4_rec_infer.onnx"));

    public static string ClassifierModel => Require(Path.Combine(PaddleOcrModels, "ch_ppocr_mobile_v2.0_cls_infer.onnx"));

    public static string Dictionary => Require(Path.Combine(PaddleOcrModels, "ppocr_keys_v1.txt"));

    public static string NewScratchFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "asyncai-onnx-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Require(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"'{path}' is missing: run scripts/fetch-models.sh first (it fetches the PaddleOCR v4 models from npm).", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncAi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with AsyncAi.sln) was not found above the test binaries.");
    }
}
