namespace AsyncAi.AspNetCore;

/// <summary>
/// Settings of the AsyncAi endpoints, bound from <c>AsyncAi:Endpoints</c> by
/// <c>AddAsyncAiEndpoints</c>. The SDK's own settings (queues, bucket) stay under <c>AsyncAi:Client</c>.
/// </summary>
public sealed class AsyncAiEndpointsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string DefaultSectionName = "AsyncAi:Endpoints";

    /// <summary>The job endpoints of <c>MapAsyncAiJobs</c>.</summary>
    public JobEndpointsOptions Jobs { get; set; } = new();

    /// <summary>The webhook receiver of <c>MapAsyncAiWebhooks</c>.</summary>
    public WebhookEndpointOptions Webhooks { get; set; } = new();

    /// <summary>
    /// Whether the webhook and worker-upload endpoints refuse plain-http calls from anywhere but loopback: both
    /// carry secrets (a signature, a bearer credential) that must not cross a network in clear. On by default.
    /// </summary>
    public bool RequireHttpsOutsideLoopback { get; set; } = true;
}
