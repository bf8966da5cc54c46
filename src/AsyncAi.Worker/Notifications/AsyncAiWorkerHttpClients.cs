namespace AsyncAi.Worker;

/// <summary>
/// The names of the worker's HTTP clients in <see cref="System.Net.Http.IHttpClientFactory"/>. Add handlers, a proxy or
/// client certificates to them with <c>services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(...)</c> or
/// <c>.AddHttpMessageHandler(...)</c>; their retries come from <c>Microsoft.Extensions.Http.Resilience</c>.
/// </summary>
public static class AsyncAiWorkerHttpClients
{
    /// <summary>Posts terminal events (completions) to the webhook, with retries.</summary>
    public const string Webhooks = "AsyncAi.Worker.Webhooks";

    /// <summary>Posts Started and progress events to the webhook: one attempt, so a slow endpoint never holds a job.</summary>
    public const string WebhookProgress = "AsyncAi.Worker.Webhooks.Progress";

    /// <summary>Asks the backend for presigned output URLs and uploads to them, with retries.</summary>
    public const string Uploads = "AsyncAi.Worker.Uploads";
}
