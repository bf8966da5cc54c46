namespace AsyncAi.Samples.Worker;

/// <summary>
/// Points the OCR job at the files scripts/fetch-models.sh downloads, unless configuration names them, so that
/// the sample runs from a fresh clone with no settings. A deployed worker sets the paths (or s3:// URIs) itself.
/// </summary>
internal static class OcrModelFiles
{
    private const string Section = "AsyncAi:Worker:Ocr:";

    public static void FillInDefaults(IConfigurationManager configuration, WorkerSampleOptions sample)
    {
        var directory = sample.ModelsDirectory ?? FindRepositoryModels();
        if (directory is null)
        {
            return;
        }

        var defaults = new Dictionary<string, string?>();
        Default(configuration, defaults, "DetectionModelPath", Path.Combine(directory, "ch_PP-OCRv4_det_infer.onnx"));
        Default(configuration, defaults, "RecognitionModelPath", Path.Combine(directory, "ch_PP-OCRv4_rec_infer.onnx"));
        Default(configuration, defaults, "DictionaryPath", Path.Combine(directory, "ppocr_keys_v1.txt"));
        Default(configuration, defaults, "DirectionClassifierModelPath", Path.Combine(directory, "ch_ppocr_mobile_v2.0_cls_infer.onnx"));
        configuration.AddInMemoryCollection(defaults);
    }

    private static void Default(IConfiguration configuration, Dictionary<string, string?> defaults, string key, string value)
    {
        if (string.IsNullOrEmpty(configuration[Section + key]))
        {
            defaults[Section + key] = value;
        }
    }

    private static string? FindRepositoryModels()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".models", "paddleocr-v4");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
