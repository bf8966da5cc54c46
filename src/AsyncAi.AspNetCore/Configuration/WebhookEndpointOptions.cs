namespace AsyncAi.AspNetCore;

/// <summary>The webhook receiver: which signatures it accepts and what it bounds.</summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>
    /// The backend's webhook keys (<c>whsec_</c> and base64 of at least 24 bytes): the current one first and, while
    /// rotating, the previous one. They never leave the backend: each job gets its own secret derived from the first
    /// (<see cref="Webhooks.JobWebhookSecret"/>, put into every job <c>MapAsyncAiJobs</c> starts), and a delivery is
    /// accepted only when it is signed with the secret of the job its body names. Required for <c>MapAsyncAiWebhooks</c>.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>
    /// Opt-in, for workers that sign every delivery with one configured secret (<c>AsyncAi:Worker:Webhook:Secret</c>
    /// equal to an entry of <see cref="Secrets"/>): whoever holds that secret can post an outcome for any job. Off by
    /// default, when only each job's own secret is accepted.
    /// </summary>
    public bool AcceptSharedSecret { get; set; }

    /// <summary>The largest body accepted, whatever the transfer encoding (chunked bodies are counted as read).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a <c>webhook-timestamp</c> may be from this clock; older deliveries are replays.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many delivery ids are remembered for de-duplication.</summary>
    public int DeduplicationCapacity { get; set; } = 100_000;
}
