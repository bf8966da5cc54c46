namespace AsyncAi.Worker;

/// <summary>Where and how the worker posts job events when it reports to a webhook.</summary>
public sealed class WebhookOptions
{
    /// <summary>The absolute HTTP(S) URL that receives the events.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// A Standard Webhooks signing secret, <c>whsec_&lt;base64&gt;</c>, for jobs whose message carries no secret of its
    /// own (<see cref="Webhooks.JobWebhookSecret"/>; the AsyncAi backend gives every job one). Optional: a backend
    /// accepts it only when it opts in to shared secrets, since whoever holds it can post an outcome for any job.
    /// Keep it out of source control.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>How many times one event is retried after a failed delivery (5xx, 408, 429 or a network error).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
