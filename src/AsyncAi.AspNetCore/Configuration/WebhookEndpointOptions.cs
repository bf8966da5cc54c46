namespace AsyncAi.AspNetCore;

/// <summary>The webhook receiver: which signatures it accepts and what it bounds.</summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>
    /// The secrets accepted (<c>whsec_</c> and base64 of at least 24 bytes): the current one and, while rotating,
    /// the previous one. The workers' <c>AsyncAi:Worker:Webhook:Secret</c>. Required for <c>MapAsyncAiWebhooks</c>.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>The largest body accepted, whatever the transfer encoding (chunked bodies are counted as read).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a <c>webhook-timestamp</c> may be from this clock; older deliveries are replays.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many delivery ids are remembered for de-duplication.</summary>
    public int DeduplicationCapacity { get; set; } = 100_000;
}
