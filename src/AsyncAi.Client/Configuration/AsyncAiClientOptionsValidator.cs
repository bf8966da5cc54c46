using AsyncAi.Aws.Configuration;
using AsyncAi.Aws.Sqs;
using AsyncAi.Aws.Storage;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>Checks every setting at start and reports all errors at once, each naming its setting by configuration path (<see cref="OptionErrors"/>).</summary>
internal sealed class AsyncAiClientOptionsValidator(ClientOptionsSection section) : IValidateOptions<AsyncAiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, AsyncAiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(section.Path);

        if (options.RequestQueueUrl is null)
        {
            errors.Add(nameof(options.RequestQueueUrl), null, "is required: the URL of the SQS queue jobs are published to");
        }

        OptionRules.CheckHttpUrl(errors, nameof(options.RequestQueueUrl), options.RequestQueueUrl);
        foreach (var (lane, url) in options.Lanes)
        {
            var lanes = errors.Section(nameof(options.Lanes));
            if (!StorageNames.IsSafeSegment(lane))
            {
                lanes.Add(lane, url, "the lane's name must be letters, digits, '-' or '_'");
            }
            else if (url is null)
            {
                lanes.Add(lane, null, "is required: the URL of the lane's request queue");
            }

            OptionRules.CheckHttpUrl(lanes, lane, url);
        }

        OptionRules.CheckHttpUrl(errors, nameof(options.ResponseQueueUrl), options.ResponseQueueUrl);
        OptionRules.CheckHttpUrl(errors, nameof(options.ResponseDeadLetterQueueUrl), options.ResponseDeadLetterQueueUrl);
        OptionRules.CheckHttpUrl(errors.Section(nameof(options.Aws)), nameof(options.Aws.ServiceUrl), options.Aws?.ServiceUrl);

        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            errors.Add(nameof(options.Bucket), options.Bucket, "is required: the S3 bucket for inputs, outputs and records");
        }
        else if (!BucketNames.IsValid(options.Bucket))
        {
            errors.Add(nameof(options.Bucket), options.Bucket, "is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)");
        }

        if (!IsValidRootPrefix(options.RootPrefix))
        {
            errors.Add(nameof(options.RootPrefix), options.RootPrefix, "must be empty or segments of letters, digits, '-' and '_', each followed by '/' (for example 'jobs/')");
        }

        errors.Range(nameof(options.MaxMessageBytes), options.MaxMessageBytes, 1024, SqsLimits.MaxMessageBytes, "the SQS message size limit");

        // SQS takes whole seconds: a fraction would be cut off (1.5 s silently becoming 1 s), so only whole seconds pass.
        errors.Range(nameof(options.ListenerWaitTime), options.ListenerWaitTime, TimeSpan.FromSeconds(1), SqsLimits.MaxWaitTime, "the longest SQS long poll");
        if (options.ListenerWaitTime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(nameof(options.ListenerWaitTime), options.ListenerWaitTime, "must be a whole number of seconds (SQS long polls in whole seconds)");
        }

        errors.Range(nameof(options.ListenerMaxMessages), options.ListenerMaxMessages, 1, SqsLimits.MaxReceiveMessages, "the most one SQS receive returns");

        // Zero would retry a failing receive in a tight loop, hammering the endpoint and flooding the log.
        errors.Range(nameof(options.ListenerErrorDelay), options.ListenerErrorDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        errors.Range(nameof(options.InMemoryStatusCapacity), options.InMemoryStatusCapacity, 1, 10_000_000);
        errors.Range(nameof(options.StatusPollInterval), options.StatusPollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5));
        errors.Range(nameof(options.DeduplicationCapacity), options.DeduplicationCapacity, 1, 10_000_000);
        errors.Range(nameof(options.DefaultUploadExpiry), options.DefaultUploadExpiry, TimeSpan.FromSeconds(1), PresignLimits.MaxExpiry, "the SigV4 limit");
        errors.Range(nameof(options.DefaultDownloadExpiry), options.DefaultDownloadExpiry, TimeSpan.FromSeconds(1), PresignLimits.MaxExpiry, "the SigV4 limit");
        errors.Range(nameof(options.DefaultMaxInputBytes), options.DefaultMaxInputBytes, 1, PresignLimits.MaxSingleUploadBytes, "5 GiB, the most one S3 PUT takes");

        // WorkerUploads: WorkerUploadsOptionsValidator.
        if (!Enum.IsDefined(options.StatusStore))
        {
            errors.Add(nameof(options.StatusStore), options.StatusStore, $"must be one of: {string.Join(", ", Enum.GetNames<JobStatusStoreKind>())}");
        }

        AllowedPrefixes.Parse(options.AllowedInputPrefixes, errors, nameof(options.AllowedInputPrefixes));

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
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
}
