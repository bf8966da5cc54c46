using AsyncAi.Aws.Configuration;
using AsyncAi.Aws.Sqs;
using AsyncAi.Aws.Storage;
using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker;

/// <summary>
/// Checks every setting at start and reports all the bad ones at once, each by its configuration path under the
/// section the options were bound from, in the <see cref="OptionErrors"/> style.
/// </summary>
internal sealed class AsyncAiWorkerOptionsValidator(WorkerOptionsSection section) : IValidateOptions<AsyncAiWorkerOptions>
{
    /// <summary>The most attempts a job may be given; far above any sensible retry budget, it catches typos.</summary>
    internal const int MaxAttemptsLimit = 100;

    // Polly's own bounds (TimeoutStrategyOptions.Timeout, RetryStrategyOptions.Delay); checked here so that a bad
    // value fails at start rather than when the webhook sink is built.
    private static readonly TimeSpan MinWebhookTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxWebhookDuration = TimeSpan.FromDays(1);

    /// <summary>The smallest part S3 accepts in a multipart upload (but the last).</summary>
    private const long MinUploadPartBytes = 5 * 1024 * 1024;

    /// <summary>A validator naming settings under the conventional section, for options set in code.</summary>
    public AsyncAiWorkerOptionsValidator()
        : this(new WorkerOptionsSection(AsyncAiWorkerOptions.DefaultSectionName))
    {
    }

    public ValidateOptionsResult Validate(string? name, AsyncAiWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(section);
        var errors = new OptionErrors(section.Path);

        if (options.RequestQueueUrl is null)
        {
            errors.Add(nameof(options.RequestQueueUrl), null, "is required: the URL of the SQS queue this worker takes jobs from (an absolute http or https URL)");
        }

        OptionRules.CheckHttpUrl(errors, nameof(options.RequestQueueUrl), options.RequestQueueUrl);

        var hasQueue = options.ResponseQueueUrl is not null;
        var hasWebhook = options.Webhook?.Url is not null;
        if (hasQueue == hasWebhook)
        {
            errors.Add(
                nameof(options.ResponseQueueUrl),
                options.ResponseQueueUrl,
                $"set exactly one completion channel: {errors.PathOf(nameof(options.ResponseQueueUrl))} or {errors.PathOf(nameof(options.Webhook))}:{nameof(WebhookOptions.Url)}");
        }

        OptionRules.CheckHttpUrl(errors, nameof(options.ResponseQueueUrl), options.ResponseQueueUrl);

        if (options.Webhook is { } webhook && hasWebhook)
        {
            ValidateWebhook(errors.Section(nameof(options.Webhook)), webhook);
        }

        OptionRules.CheckHttpUrl(errors, nameof(options.DeadLetterQueueUrl), options.DeadLetterQueueUrl);
        OptionRules.CheckHttpUrl(errors.Section(nameof(options.Aws)), nameof(options.Aws.ServiceUrl), options.Aws?.ServiceUrl);

        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            // Required: a worker that took each message's bucket on trust would write wherever a message said.
            errors.Add(nameof(options.Bucket), options.Bucket, "is required: the one S3 bucket this worker reads inputs from and writes outputs to (a job naming another bucket is dead-lettered)");
        }

        errors.Range(nameof(options.Concurrency), options.Concurrency, 1, 10_000);
        errors.Range(nameof(options.VisibilityTimeout), options.VisibilityTimeout, TimeSpan.FromSeconds(1), SqsLimits.MaxVisibility);

        if (options.MaxJobRunTime <= TimeSpan.Zero || options.MaxJobRunTime > SqsLimits.MaxVisibility - options.VisibilityTimeout)
        {
            errors.Add(nameof(options.MaxJobRunTime), options.MaxJobRunTime, $"must be positive and at most {OptionErrors.Format(SqsLimits.MaxVisibility)} (the SQS visibility limit) minus {nameof(options.VisibilityTimeout)}");
        }

        if (options.RootPrefix is null || (options.RootPrefix.Length > 0 && !options.RootPrefix.EndsWith('/')) || options.RootPrefix.StartsWith('/'))
        {
            errors.Add(nameof(options.RootPrefix), options.RootPrefix, "must be empty or end in '/' (and not start with '/'); it must equal the producer's RootPrefix");
        }

        AllowedPrefixes.Parse(options.AllowedInputPrefixes, errors, nameof(options.AllowedInputPrefixes));
        errors.Range(nameof(options.PrefetchCount), options.PrefetchCount, 0, 100);
        ValidateTenantLimits(errors, options);
        ValidateLanes(errors, options);
        errors.Range(nameof(options.ReceiveErrorMaxDelay), options.ReceiveErrorMaxDelay, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5));
        errors.Range(nameof(options.MaxAttempts), options.MaxAttempts, 1, MaxAttemptsLimit);

        NotNegative(errors, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        if (options.MaxRetryDelay < options.RetryBaseDelay || options.MaxRetryDelay > SqsLimits.MaxVisibility)
        {
            errors.Add(nameof(options.MaxRetryDelay), options.MaxRetryDelay, $"must be at least {nameof(options.RetryBaseDelay)} and at most {OptionErrors.Format(SqsLimits.MaxVisibility)} (the SQS visibility limit)");
        }

        NotNegative(errors, nameof(options.ShutdownGracePeriod), options.ShutdownGracePeriod);

        // SQS takes whole seconds: a fraction would be cut off (0.5 s becoming 0, a short poll that spins on an
        // empty queue), so only whole seconds are accepted, and never 0.
        if (options.ReceiveWaitTime < TimeSpan.FromSeconds(1) || options.ReceiveWaitTime > SqsLimits.MaxWaitTime || options.ReceiveWaitTime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(nameof(options.ReceiveWaitTime), options.ReceiveWaitTime, $"must be a whole number of seconds from 1 to {SqsLimits.MaxWaitTime.TotalSeconds} (SQS long polls in whole seconds)");
        }

        Positive(errors, nameof(options.CancelCheckInterval), options.CancelCheckInterval);
        NotNegative(errors, nameof(options.ProgressInterval), options.ProgressInterval);

        if (options.UploadPartSizeBytes < MinUploadPartBytes)
        {
            errors.Add(nameof(options.UploadPartSizeBytes), options.UploadPartSizeBytes, $"must be at least {MinUploadPartBytes} (5 MiB), the S3 minimum part size");
        }

        if (!Enum.IsDefined(options.UploadMode))
        {
            errors.Add(nameof(options.UploadMode), options.UploadMode, $"must be one of: {string.Join(", ", Enum.GetNames<OutputUploadMode>())}");
        }

        if (options.UploadMode == OutputUploadMode.PresignedUrls)
        {
            ValidatePresignedUploads(errors.Section(nameof(options.PresignedUploads)), options.PresignedUploads);
        }

        if (options.WorkerId is not null && string.IsNullOrWhiteSpace(options.WorkerId))
        {
            errors.Add(nameof(options.WorkerId), options.WorkerId, "must not be blank (leave it unset for the machine name)");
        }

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }

    private static void ValidateLanes(OptionErrors errors, AsyncAiWorkerOptions options)
    {
        if (!Enum.IsDefined(options.LanePolicy))
        {
            errors.Add(nameof(options.LanePolicy), options.LanePolicy, $"must be one of: {string.Join(", ", Enum.GetNames<LanePolicy>())}");
        }

        if (options.Lanes.Count == 0)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var requestQueueLanes = 0;
        for (var i = 0; i < options.Lanes.Count; i++)
        {
            var lane = options.Lanes[i];
            var laneErrors = errors.Section(nameof(options.Lanes)).Section(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (lane is null)
            {
                laneErrors.Add(nameof(WorkerLaneOptions.Name), null, "is required: each lane needs a name");
                continue;
            }

            if (!StorageNames.IsSafeSegment(lane.Name ?? string.Empty))
            {
                laneErrors.Add(nameof(WorkerLaneOptions.Name), lane.Name, "is required: letters, digits, '-' or '_'");
            }
            else if (!names.Add(lane.Name!))
            {
                laneErrors.Add(nameof(WorkerLaneOptions.Name), lane.Name, "is used by another lane; lane names must be unique");
            }

            OptionRules.CheckHttpUrl(laneErrors, nameof(WorkerLaneOptions.QueueUrl), lane.QueueUrl);
            OptionRules.CheckHttpUrl(laneErrors, nameof(WorkerLaneOptions.DeadLetterQueueUrl), lane.DeadLetterQueueUrl);
            laneErrors.Range(nameof(WorkerLaneOptions.Weight), lane.Weight, 1, 1000);
            if (lane.QueueUrl is null || lane.QueueUrl == options.RequestQueueUrl)
            {
                requestQueueLanes++;
            }
        }

        if (requestQueueLanes != 1)
        {
            errors.Add(nameof(options.Lanes), $"{requestQueueLanes} lanes", $"exactly one lane must be the request queue (its QueueUrl unset or equal to {errors.PathOf(nameof(options.RequestQueueUrl))})");
        }

        if (options.LanePolicy == LanePolicy.Strict)
        {
            errors.Range(nameof(options.LaneMinimumShare), options.LaneMinimumShare, 0.001, 1.0 / options.Lanes.Count, "each lower lane's share of first asks; at most 1 / the number of lanes");
        }
    }

    private static void ValidateTenantLimits(OptionErrors errors, AsyncAiWorkerOptions options)
    {
        errors.Range(nameof(options.MaxJobsPerTenant), options.MaxJobsPerTenant, 0, Math.Max(1, options.Concurrency + options.PrefetchCount), $"0 for no limit; at most {nameof(options.Concurrency)} + {nameof(options.PrefetchCount)}");
        if (errors.Range(nameof(options.TenantReleaseDelay), options.TenantReleaseDelay, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15), "SQS hides a message for whole seconds")
            && options.TenantReleaseDelay.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(nameof(options.TenantReleaseDelay), options.TenantReleaseDelay, "must be a whole number of seconds (SQS visibility timeouts are whole seconds)");
        }

        if (options.TenantReleaseMaxDelay < options.TenantReleaseDelay || options.TenantReleaseMaxDelay > SqsLimits.MaxVisibility)
        {
            errors.Add(nameof(options.TenantReleaseMaxDelay), options.TenantReleaseMaxDelay, $"must be at least {nameof(options.TenantReleaseDelay)} and at most {OptionErrors.Format(SqsLimits.MaxVisibility)} (the SQS visibility limit)");
        }
    }

    private static void ValidateWebhook(OptionErrors errors, WebhookOptions webhook)
    {
        if (!OptionRules.IsHttpUrl(webhook.Url))
        {
            errors.Add(nameof(WebhookOptions.Url), webhook.Url, "must be an absolute http or https URL");
        }
        else if (!OptionRules.IsSecureOrLoopback(webhook.Url!))
        {
            errors.Add(nameof(WebhookOptions.Url), webhook.Url, "must be https (signed events must not cross a network in clear text); plain http is accepted only to loopback");
        }

        // Optional: each job normally brings its own secret; a configured one must still be a strong one.
        if (webhook.Secret is not null && !WebhookSecret.IsValid(webhook.Secret))
        {
            errors.AddHidden(nameof(WebhookOptions.Secret), "must be whsec_ followed by base64");
        }
        else if (webhook.Secret is not null && WebhookSecret.Decode(webhook.Secret).Length < OptionRules.MinSecretBytes)
        {
            errors.AddHidden(nameof(WebhookOptions.Secret), $"must hold at least {OptionRules.MinSecretBytes} bytes after the whsec_ prefix");
        }

        if (webhook.MaxRetries < 0)
        {
            errors.Add(nameof(WebhookOptions.MaxRetries), webhook.MaxRetries, "must not be negative");
        }

        errors.Range(nameof(WebhookOptions.RequestTimeout), webhook.RequestTimeout, MinWebhookTimeout, MaxWebhookDuration);
        errors.Range(nameof(WebhookOptions.RetryBaseDelay), webhook.RetryBaseDelay, TimeSpan.Zero, MaxWebhookDuration);
    }

    private static void ValidatePresignedUploads(OptionErrors errors, PresignedUploadOptions uploads)
    {
        if (!OptionRules.IsHttpUrl(uploads.Endpoint))
        {
            errors.Add(nameof(PresignedUploadOptions.Endpoint), uploads.Endpoint, "is required in PresignedUrls mode and must be an absolute http or https URL");
        }
        else if (!OptionRules.IsSecureOrLoopback(uploads.Endpoint!))
        {
            errors.Add(nameof(PresignedUploadOptions.Endpoint), uploads.Endpoint, "must be https (it carries the worker's credentials); plain http is accepted only to loopback");
        }

        // Optional: jobs carry their own upload credential; the shared token is the opt-in fallback.
        if (uploads.Token is { } token && token.Length < OptionRules.MinSecretBytes)
        {
            errors.AddHidden(nameof(PresignedUploadOptions.Token), $"must be at least {OptionRules.MinSecretBytes} characters when set");
        }

        Positive(errors, nameof(PresignedUploadOptions.RequestTimeout), uploads.RequestTimeout);
    }


    private static void Positive(OptionErrors errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(setting, value, "must be positive");
        }
    }

    private static void NotNegative(OptionErrors errors, string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add(setting, value, "must not be negative");
        }
    }
}
