using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker;

/// <summary>Checks every setting at start and reports all the bad ones at once, each by its configuration name.</summary>
internal sealed class AsyncAiWorkerOptionsValidator : IValidateOptions<AsyncAiWorkerOptions>
{
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    public ValidateOptionsResult Validate(string? name, AsyncAiWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string p = AsyncAiWorkerOptions.SectionName + ":";

        if (options.RequestQueueUrl is null || !options.RequestQueueUrl.IsAbsoluteUri)
        {
            errors.Add($"{p}{nameof(options.RequestQueueUrl)} is required and must be an absolute URL.");
        }

        var hasQueue = options.ResponseQueueUrl is not null;
        var hasWebhook = options.Webhook?.Url is not null;
        if (hasQueue == hasWebhook)
        {
            errors.Add($"Set exactly one completion channel: {p}{nameof(options.ResponseQueueUrl)} or {p}{nameof(options.Webhook)}:{nameof(WebhookOptions.Url)}.");
        }

        if (hasQueue && !options.ResponseQueueUrl!.IsAbsoluteUri)
        {
            errors.Add($"{p}{nameof(options.ResponseQueueUrl)} must be an absolute URL.");
        }

        if (options.Webhook is { } webhook && hasWebhook)
        {
            if (!webhook.Url!.IsAbsoluteUri || (webhook.Url.Scheme != Uri.UriSchemeHttps && webhook.Url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.Url)} must be an absolute http or https URL.");
            }

            if (!WebhookSecret.IsValid(webhook.Secret))
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.Secret)} is required and must be whsec_ followed by base64.");
            }

            if (webhook.MaxRetries < 0)
            {
                errors.Add($"{p}Webhook:{nameof(WebhookOptions.MaxRetries)} must not be negative.");
            }

            Positive(errors, $"{p}Webhook:{nameof(WebhookOptions.RequestTimeout)}", webhook.RequestTimeout);
            NotNegative(errors, $"{p}Webhook:{nameof(WebhookOptions.RetryBaseDelay)}", webhook.RetryBaseDelay);
        }

        if (options.DeadLetterQueueUrl is { IsAbsoluteUri: false })
        {
            errors.Add($"{p}{nameof(options.DeadLetterQueueUrl)} must be an absolute URL.");
        }

        if (options.Bucket is not null && string.IsNullOrWhiteSpace(options.Bucket))
        {
            errors.Add($"{p}{nameof(options.Bucket)} must not be blank; leave it unset to accept each job's bucket.");
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

        if (options.MaxAttempts < 1)
        {
            errors.Add($"{p}{nameof(options.MaxAttempts)} must be at least 1 (was {options.MaxAttempts}).");
        }

        NotNegative(errors, $"{p}{nameof(options.RetryBaseDelay)}", options.RetryBaseDelay);
        if (options.MaxRetryDelay < options.RetryBaseDelay || options.MaxRetryDelay > MaxVisibility)
        {
            errors.Add($"{p}{nameof(options.MaxRetryDelay)} must be at least {nameof(options.RetryBaseDelay)} and at most 12 hours (was {options.MaxRetryDelay}).");
        }

        NotNegative(errors, $"{p}{nameof(options.ShutdownGracePeriod)}", options.ShutdownGracePeriod);
        if (options.ReceiveWaitTime < TimeSpan.Zero || options.ReceiveWaitTime > TimeSpan.FromSeconds(20))
        {
            errors.Add($"{p}{nameof(options.ReceiveWaitTime)} must be between 0 and 20 seconds (was {options.ReceiveWaitTime}).");
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
            if (options.PresignedUploads.Endpoint is not { IsAbsoluteUri: true })
            {
                errors.Add($"{p}PresignedUploads:{nameof(PresignedUploadOptions.Endpoint)} is required in PresignedUrls mode and must be an absolute URL.");
            }

            if (string.IsNullOrEmpty(options.PresignedUploads.Token))
            {
                errors.Add($"{p}PresignedUploads:{nameof(PresignedUploadOptions.Token)} is required in PresignedUrls mode.");
            }

            Positive(errors, $"{p}PresignedUploads:{nameof(PresignedUploadOptions.RequestTimeout)}", options.PresignedUploads.RequestTimeout);
        }

        if (options.WorkerId is not null && string.IsNullOrWhiteSpace(options.WorkerId))
        {
            errors.Add($"{p}{nameof(options.WorkerId)} must not be blank.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
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
