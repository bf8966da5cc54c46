namespace AsyncAi.Samples.Backend;

/// <summary>The sample's own settings (section <c>Backend</c>); the SDK's are under <c>AsyncAi:Client</c>.</summary>
public sealed class BackendOptions
{
    public const string SectionName = "Backend";

    /// <summary>The job type the page publishes; a worker must run a handler for it.</summary>
    public string JobType { get; set; } = "ocr";

    /// <summary>The largest image the page may upload; checked before a URL is handed out.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Create the queues and the bucket at start, for the local emulator or a development account. Leave off in
    /// production, where infrastructure code owns them (docs/aws/setup.md).
    /// </summary>
    public bool ProvisionResources { get; set; }

    /// <summary>The request queue created when <see cref="ProvisionResources"/> is on.</summary>
    public string RequestQueueName { get; set; } = "asyncai-requests";

    /// <summary>The response queue created when <see cref="ProvisionResources"/> is on; empty for webhook-only setups.</summary>
    public string? ResponseQueueName { get; set; } = "asyncai-responses";

    /// <summary>The webhook secrets accepted (current and, while rotating, previous); turns on <c>POST /webhooks/asyncai</c>.</summary>
    public IList<string> WebhookSecrets { get; } = [];
}
