using AsyncAi.Aws.Storage;
using AsyncAi.Aws.Configuration;
using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker;

/// <summary>
/// Checks every setting at start and reports all the bad ones at once, each by its configuration path under the
/// section the options were bound from.
/// </summary>
internal sealed class AsyncAiWorkerOptionsValidator(WorkerOptionsSection section) : IValidateOptions<AsyncAiWorkerOptions>
{
    /// <summary>The most attempts a job may be given; far above any sensible retry budget, it catches typos.</summary>
    internal const int MaxAttemptsLimit = 100;

    private static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    // Polly's own bounds (TimeoutStrategyOptions.Timeout, RetryStrategyOptions.Delay); checked here so that a bad
    // value fails at start rather than when the webhook sink is built.
    private static readonly TimeSpan MinWebhookTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxWebhookDuration = TimeSpan.FromDays(1);

    /// <summary>The longest long poll SQS allows.</summary>
    private static readonly TimeSpan MaxReceiveWaitTime = TimeSpan.FromSeconds(20);

    /// <summary>A validator naming settings under the conventional section, for options set in code.</summary>
    public AsyncAiWorkerOptionsValidator()
        : this(new WorkerOptionsSection(AsyncAiWorkerOptions.DefaultSectionName))
    {
    }

    public ValidateOptionsResult Validate(string? name, AsyncAiWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        var errors = new List<string>();
        var p = section.Path.Length == 0 ? string.Empty : section.Path + ":";

        if (options.RequestQueueUrl is null)
        {
            errors.Add($"{p}{nameof(options.RequestQueueUrl)} is required and must be an absolute http or https URL.");
        }
        else
        {
            HttpUrl(errors, $"{p}{nameof(options.RequestQueueUrl)}", options.RequestQueueUrl);
        }

        var hasQueue = options.ResponseQueueUrl is not null;
        var hasWebhook = options.Webhook?.Url is not null;
        if (hasQueue == hasWebhook)
        {
            errors.Add($"Set exactly one completion channel: {p}{nameof(options.ResponseQueueUrl)} or {p}{nameof(options.Webhook)}:{nameof(WebhookOptions.Url)}.");
        }

        HttpUrl(errors, $"{p}{nameof(options.ResponseQueueUrl)}", options.ResponseQueueUrl);

        if (options.Webhook is { } webhook && hasWebhook)
        {
            if (!OptionRules.IsHttpUrl(webhook.Url))
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.Url)} must be an absolute http or https URL.");
            }
            else if (!OptionRules.IsSecureOrLoopback(webhook.Url!))
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.Url)} must be https (signed events must not cross a network in clear text); plain http is accepted only to loopback.");
            }

            // Optional: each job normally brings its own secret; a configured one must still be a strong one.
            if (webhook.Secret is not null && !WebhookSecret.IsValid(webhook.Secret))
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.Secret)} must be whsec_ followed by base64.");
            }
            else if (webhook.Secret is not null && WebhookSecret.Decode(webhook.Secret).Length < OptionRules.MinSecretBytes)
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.Secret)} must hold at least {OptionRules.MinSecretBytes} bytes after the whsec_ prefix.");
            }

            if (webhook.MaxRetries < 0)
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.MaxRetries)} must not be negative.");
            }

            if (webhook.RequestTimeout < MinWebhookTimeout || webhook.RequestTimeout > MaxWebhookDuration)
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.RequestTimeout)} must be between 10 milliseconds and 1 day (was {webhook.RequestTimeout}).");
            }

            if (webhook.RetryBaseDelay < TimeSpan.Zero || webhook.RetryBaseDelay > MaxWebhookDuration)
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.RetryBaseDelay)} must be between 0 and 1 day (was {webhook.RetryBaseDelay}).");
            }
        }

        HttpUrl(errors, $"{p}{nameof(options.DeadLetterQueueUrl)}", options.DeadLetterQueueUrl);
        HttpUrl(errors, $"{p}{nameof(options.Aws)}:{nameof(options.Aws.ServiceUrl)}", options.Aws?.ServiceUrl);

        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            // Required: a worker that took each message's bucket on trust would write wherever a message said.
            errors.Add($"{p}{nameof(options.Bucket)} is required: the one S3 bucket this worker reads inputs from and writes outputs to (a job naming another bucket is dead-lettered).");
        }

        if (options.Concurrency is < 1 or > 10_000)
        {
            errors.Add($"{p}{nameof(options.Concurrency)} must be between 1 and 10000 (was {options.Concurrency}).");
        }

        if (options.VisibilityTimeout < TimeSpan.FromSeconds(1) || options.VisibilityTimeout > MaxVisibility)
        {
            errors.Add($"{p}{nameof(options.VisibilityTimeout)} must be between 1 second and 12 hours (was {options.VisibilityTimeout}).");
        }

        if (options.MaxJobRunTime <= TimeSpan.Zero || options.MaxJobRunTime > MaxVisibility - options.VisibilityTimeout)
        {
            errors.Add($"{p}{nameof(options.MaxJobRunTime)} must be positive and at most 12 hours minus {nameof(options.VisibilityTimeout)} (was {options.MaxJobRunTime}).");
        }

        if (options.RootPrefix is null || (options.RootPrefix.Length > 0 && !options.RootPrefix.EndsWith('/')) || options.RootPrefix.StartsWith('/'))
        {
            errors.Add($"{p}{nameof(options.RootPrefix)} must be empty or end in '/' (and not start with '/'); it must equal the producer's RootPrefix (was '{options.RootPrefix}').");
        }

        AllowedPrefixes.Parse(options.AllowedInputPrefixes, errors, $"{p}{nameof(options.AllowedInputPrefixes)}");

        if (options.PrefetchCount is < 0 or > 100)
        {
            errors.Add($"{p}{nameof(options.PrefetchCount)} must be between 0 and 100 (was {options.PrefetchCount}).");
        }

        if (options.ReceiveErrorMaxDelay < TimeSpan.FromMilliseconds(200) || options.ReceiveErrorMaxDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{p}{nameof(options.ReceiveErrorMaxDelay)} must be between 200 ms and 5 minutes (was {options.ReceiveErrorMaxDelay}).");
        }

        if (options.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            errors.Add($"{p}{nameof(options.MaxAttempts)} must be between 1 and {MaxAttemptsLimit} (was {options.MaxAttempts}).");
        }

        NotNegative(errors, $"{p}{nameof(options.RetryBaseDelay)}", options.RetryBaseDelay);
        if (options.MaxRetryDelay < options.RetryBaseDelay || options.MaxRetryDelay > MaxVisibility)
        {
            errors.Add($"{p}{nameof(options.MaxRetryDelay)} must be at least {nameof(options.RetryBaseDelay)} and at most 12 hours (was {options.MaxRetryDelay}).");
        }

        NotNegative(errors, $"{p}{nameof(options.ShutdownGracePeriod)}", options.ShutdownGracePeriod);
        // SQS takes whole seconds: a fraction would be cut off (0.5 s becoming 0, a short poll that spins on an
        // empty queue), so only whole seconds are accepted, and never 0.
        if (options.ReceiveWaitTime < TimeSpan.FromSeconds(1) || options.ReceiveWaitTime > MaxReceiveWaitTime || options.ReceiveWaitTime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{p}{nameof(options.ReceiveWaitTime)} must be a whole number of seconds from 1 to 20 (was {options.ReceiveWaitTime}).");
        }

        Positive(errors, $"{p}{nameof(options.CancelCheckInterval)}", options.CancelCheckInterval);
        NotNegative(errors, $"{p}{nameof(options.ProgressInterval)}", options.ProgressInterval);

        if (options.UploadPartSizeBytes < 5 * 1024 * 1024)
        {
            errors.Add($"{p}{nameof(options.UploadPartSizeBytes)} must be at least 5 MiB (5242880), the S3 minimum part size (was {options.UploadPartSizeBytes}).");
        }

        if (!Enum.IsDefined(options.UploadMode))
        {
            errors.Add($"{p}{nameof(options.UploadMode)} must be DirectS3 or PresignedUrls.");
        }

        if (options.UploadMode == OutputUploadMode.PresignedUrls)
        {
            if (!OptionRules.IsHttpUrl(options.PresignedUploads.Endpoint))
            {
                errors.Add($"{p}PresignedUploads:{nameof(PresignedUploadOptions.Endpoint)} is required in PresignedUrls mode and must be an absolute http or https URL.");
            }
            else if (!OptionRules.IsSecureOrLoopback(options.PresignedUploads.Endpoint!))
            {
                errors.Add($"{p}PresignedUploads:{nameof(PresignedUploadOptions.Endpoint)} must be https (it carries the worker's credentials); plain http is accepted only to loopback.");
            }

            // Optional: jobs carry their own upload credential; the shared token is the opt-in fallback.
            if (options.PresignedUploads.Token is { } token && token.Length < OptionRules.MinSecretBytes)
            {
                errors.Add($"{p}PresignedUploads:{nameof(PresignedUploadOptions.Token)} must be at least {OptionRules.MinSecretBytes} characters when set.");
            }

            Positive(errors, $"{p}PresignedUploads:{nameof(PresignedUploadOptions.RequestTimeout)}", options.PresignedUploads.RequestTimeout);
        }

        if (options.WorkerId is not null && string.IsNullOrWhiteSpace(options.WorkerId))
        {
            errors.Add($"{p}{nameof(options.WorkerId)} must not be blank.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static void HttpUrl(List<string> errors, string setting, Uri? value)
    {
        if (value is not null && !IsHttp(value))
        {
            errors.Add($"{setting} '{value}' must be an absolute http or https URL.");
        }
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{setting} must be positive (was {value}).");
        }
    }

    private static void NotNegative(List<string> errors, string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{setting} must not be negative (was {value}).");
        }
    }
}
