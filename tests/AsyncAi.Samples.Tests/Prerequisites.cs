namespace AsyncAi.Samples.Tests;

/// <summary>
/// What the end-to-end tests need from the machine. Missing pieces fail the test with what to run: a browser
/// test that passes without a browser would prove nothing.
/// </summary>
internal static class Prerequisites
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static void RequireModels()
    {
        var missing = new[] { "ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx", "ppocr_keys_v1.txt" }
            .Where(f => !File.Exists(Path.Combine(RepositoryPaths.ModelsDirectory, f)))
            .ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"The OCR models are missing from {RepositoryPaths.ModelsDirectory} ({string.Join(", ", missing)}). " +
                        "Run ./test.sh, which fetches them (or scripts/fetch-models.sh alone).");
        }
    }

    public static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing. Run ./test.sh, which installs it (or scripts/install-browser.sh alone).");
        }
    }
}
