namespace AsyncAi.Worker.Onnx;

/// <summary>
/// How to load and run one ONNX model. Bound from configuration (for example the section
/// <c>AsyncAi:Worker:Models:text-detect</c>) and/or set in code; validated when the host starts.
/// </summary>
public class OnnxModelOptions
{
    /// <summary>The default of <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 8;

    /// <summary>
    /// Where the model is: a local file path, or an S3 URI <c>s3://bucket/key</c> that is downloaded once into
    /// <see cref="ModelCacheDirectory"/> and reused. Required.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// The SHA-256 the model file must have, as 64 hex digits. When set, a file with another hash is never run:
    /// the model's jobs fail with <see cref="JobErrorCodes.ModelFailed"/>. Strongly advised for S3 models.
    /// </summary>
    public string? ExpectedSha256 { get; set; }

    /// <summary>
    /// Where models from S3 are cached; defaults to <c>asyncai-models</c> under the system temp folder.
    /// </summary>
    public string? ModelCacheDirectory { get; set; }

    /// <summary>
    /// The execution providers to try, most preferred first (for example <c>["cuda:0", "cpu"]</c>). Each is really
    /// loaded and tested at start; the first that works is used, and falling back past a GPU is logged as a
    /// warning. Empty means CPU only.
    /// </summary>
    public IList<OnnxExecutionProvider> ExecutionProviders { get; } = [];

    /// <summary>
    /// Makes a model that cannot run on a GPU a start-up error instead of a fallback to the CPU, for workers that
    /// would be uselessly slow (and costly) on a CPU.
    /// </summary>
    public bool RequireGpu { get; set; }

    /// <summary>
    /// The most items stacked into one model call. Forced to 1 for a model whose inputs have a fixed batch
    /// dimension. 1 turns dynamic batching off.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// How long the first request of a batch waits for more to join it. Longer gives bigger batches under load and
    /// more latency when idle; a few milliseconds suit most models.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(3);

    /// <summary>
    /// How many model calls may run at once on the shared session. 1 suits a GPU; on a CPU with many cores a
    /// couple of concurrent calls, each with fewer threads, can use the cores better.
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>The threads ONNX Runtime uses inside one operator; <see langword="null"/> leaves its default (all cores).</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// Input shapes to run once at start, so that the first jobs do not pay for kernel selection and memory
    /// planning (hundreds of milliseconds per new shape on CUDA). Each entry is the full shape of every input of
    /// the model, for example <c>[1, 3, 640, 640]</c>; entries apply to models with one input.
    /// </summary>
    public IList<long[]> WarmupShapes { get; } = [];
}
