using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace AsyncAi.Worker.Notifications;

/// <summary>The resilience pipelines of the webhook clients, from <see cref="WebhookOptions"/>.</summary>
internal static class WebhookResilience
{
    /// <summary>Completions: retries with exponential backoff and jitter, each attempt bounded by the request timeout.</summary>
    public static void ForCompletions(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WebhookOptions webhook)
    {
        if (webhook.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = webhook.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = webhook.RetryBaseDelay,
            });
        }

        // Inside the retry, so that it bounds each attempt, not the whole delivery.
        pipeline.AddTimeout(webhook.RequestTimeout);
    }

    /// <summary>Started and progress events: one attempt, bounded by the request timeout.</summary>
    public static void ForProgress(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WebhookOptions webhook) =>
        pipeline.AddTimeout(webhook.RequestTimeout);
}
