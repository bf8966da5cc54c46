using System.Text;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>Checks <see cref="AsyncAiClientOptions.WorkerUploads"/> at start, naming each bad setting by its configuration path.</summary>
internal sealed class WorkerUploadsOptionsValidator(ClientOptionsSection section) : IValidateOptions<AsyncAiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, AsyncAiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uploads = options.WorkerUploads;
        if (uploads is null)
        {
            return ValidateOptionsResult.Success;
        }

        var p = (section.Path.Length == 0 ? string.Empty : section.Path + ":") + "WorkerUploads:";
        var errors = new List<string>();
        Secret(uploads.SigningKey, p + nameof(uploads.SigningKey), errors);
        Secret(uploads.Token, p + nameof(uploads.Token), errors);
        if (uploads.IsEnabled)
        {
            if (uploads.UrlExpiry < TimeSpan.FromSeconds(1) || uploads.UrlExpiry > PresignLimits.MaxExpiry)
            {
                errors.Add($"{p}UrlExpiry must be between 00:00:01 and 7.00:00:00 (the SigV4 limit); it is {uploads.UrlExpiry}.");
            }

            if (uploads.CredentialLifetime < TimeSpan.FromSeconds(1) || uploads.CredentialLifetime > TimeSpan.FromDays(30))
            {
                errors.Add($"{p}CredentialLifetime must be between 00:00:01 and 30.00:00:00; it is {uploads.CredentialLifetime}.");
            }

            if (uploads.MaxOutputBytes is < 1 or > PresignLimits.MaxSingleUploadBytes)
            {
                errors.Add($"{p}MaxOutputBytes must be between 1 and {PresignLimits.MaxSingleUploadBytes} (5 GiB); it is {uploads.MaxOutputBytes}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Secret(string? value, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path} is blank; set a long random value, or leave it unset.");
        }
        else if (Encoding.UTF8.GetByteCount(value) < WorkerUploadsOptions.MinSecretBytes)
        {
            errors.Add($"{path} is {Encoding.UTF8.GetByteCount(value)} bytes; use at least {WorkerUploadsOptions.MinSecretBytes} bytes of random data.");
        }
    }
}
