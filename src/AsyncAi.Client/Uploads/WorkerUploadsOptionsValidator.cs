using System.Text;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>Checks <see cref="AsyncAiClientOptions.WorkerUploads"/> at start, naming each bad setting by its configuration path (<see cref="OptionErrors"/>).</summary>
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

        var errors = new OptionErrors(section.Path).Section(nameof(options.WorkerUploads));
        Secret(errors, nameof(uploads.SigningKey), uploads.SigningKey);
        Secret(errors, nameof(uploads.Token), uploads.Token);
        if (uploads.IsEnabled)
        {
            errors.Range(nameof(uploads.UrlExpiry), uploads.UrlExpiry, TimeSpan.FromSeconds(1), PresignLimits.MaxExpiry, "the SigV4 limit");
            errors.Range(nameof(uploads.CredentialLifetime), uploads.CredentialLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
            errors.Range(nameof(uploads.MaxOutputBytes), uploads.MaxOutputBytes, 1, PresignLimits.MaxSingleUploadBytes, "5 GiB, the most one S3 PUT takes");
        }

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }

    private static void Secret(OptionErrors errors, string setting, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.AddHidden(setting, "is blank; set a long random value, or leave it unset");
        }
        else if (Encoding.UTF8.GetByteCount(value) < WorkerUploadsOptions.MinSecretBytes)
        {
            errors.AddHidden(setting, $"is {Encoding.UTF8.GetByteCount(value)} bytes; use at least {WorkerUploadsOptions.MinSecretBytes} bytes of random data");
        }
    }
}
