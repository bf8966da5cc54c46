using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>Checks every setting at start and reports all errors at once, each naming its setting by configuration path.</summary>
internal sealed class AsyncAiClientOptionsValidator(ClientOptionsSection section) : IValidateOptions<AsyncAiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, AsyncAiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var p = section.Path.Length == 0 ? string.Empty : section.Path + ":";

        if (options.RequestQueueUrl is null)
        {
            errors.Add($"{p}RequestQueueUrl is required: the URL of the SQS queue jobs are published to.");
        }
        else
        {
            CheckHttpUrl(options.RequestQueueUrl, $"{p}RequestQueueUrl", errors);
        }

        CheckHttpUrl(options.ResponseQueueUrl, $"{p}ResponseQueueUrl", errors);
        CheckHttpUrl(options.ResponseDeadLetterQueueUrl, $"{p}ResponseDeadLetterQueueUrl", errors);
        CheckHttpUrl(options.Aws?.ServiceUrl, $"{p}Aws:ServiceUrl", errors);

        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            errors.Add($"{p}Bucket is required: the S3 bucket for inputs, outputs and records.");
        }
        else if (!BucketNames.IsValid(options.Bucket))
        {
            errors.Add($"{p}Bucket '{options.Bucket}' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit).");
        }

        if (!IsValidRootPrefix(options.RootPrefix))
        {
            errors.Add($"{p}RootPrefix '{options.RootPrefix}' must be empty or segments of letters, digits, '-' and '_', each followed by '/' (for example 'jobs/').");
        }

        Range(options.MaxMessageBytes, 1024, SqsMessageSize.MaxBytes, $"{p}MaxMessageBytes", errors);
        // SQS takes whole seconds: a fraction would be cut off (1.5 s silently becoming 1 s), so only whole seconds pass.
        Range(options.ListenerWaitTime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), $"{p}ListenerWaitTime", errors);
        if (options.ListenerWaitTime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{p}ListenerWaitTime is {options.ListenerWaitTime}; it must be a whole number of seconds (SQS long polls in whole seconds).");
        }

        Range(options.ListenerMaxMessages, 1, SqsMessageSize.MaxBatchEntries, $"{p}ListenerMaxMessages", errors);
        // Zero would retry a failing receive in a tight loop, hammering the endpoint and flooding the log.
        Range(options.ListenerErrorDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10), $"{p}ListenerErrorDelay", errors);
        Range(options.InMemoryStatusCapacity, 1, 10_000_000, $"{p}InMemoryStatusCapacity", errors);
        Range(options.StatusPollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5), $"{p}StatusPollInterval", errors);
        Range(options.DeduplicationCapacity, 1, 10_000_000, $"{p}DeduplicationCapacity", errors);
        Range(options.DefaultUploadExpiry, TimeSpan.FromSeconds(1), PresignLimits.MaxExpiry, $"{p}DefaultUploadExpiry", errors);
        Range(options.DefaultDownloadExpiry, TimeSpan.FromSeconds(1), PresignLimits.MaxExpiry, $"{p}DefaultDownloadExpiry", errors);
        Range(options.DefaultMaxInputBytes, 1, PresignLimits.MaxSingleUploadBytes, $"{p}DefaultMaxInputBytes", errors);

        // WorkerUploads: WorkerUploadsOptionsValidator.
        if (!Enum.IsDefined(options.StatusStore))
        {
            errors.Add($"{p}StatusStore '{options.StatusStore}' is not one of: {string.Join(", ", Enum.GetNames<JobStatusStoreKind>())}.");
        }

        AllowedPrefixes.Parse(options.AllowedInputPrefixes, errors, $"{p}{nameof(options.AllowedInputPrefixes)}");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsValidRootPrefix(string? prefix)
    {
        if (prefix is null)
        {
            return false;
        }

        if (prefix.Length == 0)
        {
            return true;
        }

        if (!prefix.EndsWith('/'))
        {
            return false;
        }

        foreach (var segment in prefix[..^1].Split('/'))
        {
            if (!StorageNames.IsSafeSegment(segment) || segment.StartsWith('_'))
            {
                // A leading '_' is reserved for AsyncAi's own folders (_status, _idempotency).
                return false;
            }
        }

        return true;
    }

    private static void CheckHttpUrl(Uri? url, string setting, List<string> errors)
    {
        if (url is not null && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add($"{setting} '{url}' must be an absolute http or https URL.");
        }
    }

    private static void Range<T>(T value, T min, T max, string setting, List<string> errors)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{setting} is {value}; it must be between {min} and {max}.");
        }
    }
}
