using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// Checks the <c>Backend</c> section when the app starts, naming every bad setting at once, so that a typo fails
/// the deployment instead of the first request that needs the setting.
/// </summary>
internal sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    /// <summary>The largest file one presigned POST can upload (the S3 single-upload maximum, 5 GiB).</summary>
    private const long MaxSingleUploadBytes = 5L * 1024 * 1024 * 1024;

    private const string P = BackendOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.JobType) || options.JobType.Length > 128 || !options.JobType.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            errors.Add($"{P}JobType '{options.JobType}' must be 1-128 letters, digits, '.', '-' or '_' (the job type a worker handles).");
        }

        if (options.MaxUploadBytes is < 1 or > MaxSingleUploadBytes)
        {
            errors.Add($"{P}MaxUploadBytes must be between 1 and {MaxSingleUploadBytes} (5 GiB); it is {options.MaxUploadBytes}.");
        }

        if (options.ProvisionResources)
        {
            CheckQueueName(errors, options.RequestQueueName, P + "RequestQueueName", required: true);
            CheckQueueName(errors, options.ResponseQueueName, P + "ResponseQueueName", required: false);
        }

        for (var i = 0; i < options.WebhookSecrets.Count; i++)
        {
            if (!WebhookSecret.IsValid(options.WebhookSecrets[i]))
            {
                errors.Add($"{P}WebhookSecrets:{i} must be whsec_ followed by base64 (the worker's AsyncAi:Worker:Webhook:Secret).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // The SQS naming rule for the standard queues the sample creates.
    private static void CheckQueueName(List<string> errors, string? queueName, string setting, bool required)
    {
        if (string.IsNullOrWhiteSpace(queueName))
        {
            if (required)
            {
                errors.Add($"{setting} is required when ProvisionResources is on.");
            }

            return;
        }

        if (queueName.Length > 80 || !queueName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{setting} '{queueName}' must be 1-80 letters, digits, '-' or '_' (an SQS queue name).");
        }
    }
}
