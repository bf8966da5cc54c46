using AsyncAi.Aws.Provisioning;
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
            if (!AsyncAiResourceNames.IsValidQueueName(options.RequestQueueName))
            {
                errors.Add($"{P}RequestQueueName '{options.RequestQueueName}' must be 1-80 letters, digits, '-' or '_' when ProvisionResources is on.");
            }

            if (!string.IsNullOrWhiteSpace(options.ResponseQueueName) && !AsyncAiResourceNames.IsValidQueueName(options.ResponseQueueName))
            {
                errors.Add($"{P}ResponseQueueName '{options.ResponseQueueName}' must be 1-80 letters, digits, '-' or '_'.");
            }
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
}
