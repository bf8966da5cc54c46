namespace AsyncAi.Samples.Worker;

/// <summary>The sample's own settings (section <c>WorkerSample</c>); the SDK's are under <c>AsyncAi:Worker</c>.</summary>
public sealed class WorkerSampleOptions
{
    public const string SectionName = "WorkerSample";

    /// <summary>Create the queues and bucket at start (local emulator, development accounts); off in production.</summary>
    public bool ProvisionResources { get; set; }

    /// <summary>The request queue to create and use when <see cref="ProvisionResources"/> is on.</summary>
    public string RequestQueueName { get; set; } = "asyncai-requests";

    /// <summary>The response queue to create and use when <see cref="ProvisionResources"/> is on and no webhook is set.</summary>
    public string? ResponseQueueName { get; set; } = "asyncai-responses";

    /// <summary>
    /// Where scripts/fetch-models.sh put the PaddleOCR files; fills in the OCR model paths that are not set.
    /// Default: the repository's <c>.models/paddleocr-v4</c>, found by walking up from the app.
    /// </summary>
    public string? ModelsDirectory { get; set; }
}
