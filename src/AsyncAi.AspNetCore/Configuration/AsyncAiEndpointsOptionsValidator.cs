using System.Text;
using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>Checks the endpoint settings at start, naming every bad setting by its configuration path at once.</summary>
internal sealed class AsyncAiEndpointsOptionsValidator : IValidateOptions<AsyncAiEndpointsOptions>
{
    private const string P = AsyncAiEndpointsOptions.DefaultSectionName + ":";
    private const long MaxSingleUploadBytes = 5L * 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, AsyncAiEndpointsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var jobs = options.Jobs;
        if (jobs.JobType is not null && (string.IsNullOrWhiteSpace(jobs.JobType) || jobs.JobType.Length > 128 || !jobs.JobType.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            errors.Add($"{P}Jobs:JobType '{jobs.JobType}' must be 1-128 letters, digits, '.', '-' or '_'.");
        }

        try
        {
            StorageNames.ValidateFileName(jobs.InputName);
        }
        catch (ArgumentException)
        {
            errors.Add($"{P}Jobs:InputName '{jobs.InputName}' is not a valid input name (letters, digits, '.', '-', '_' and '/' between parts).");
        }

        for (var i = 0; i < jobs.AllowedContentTypes.Count; i++)
        {
            if (!ContentTypes.IsMimeType(jobs.AllowedContentTypes[i]))
            {
                errors.Add($"{P}Jobs:AllowedContentTypes:{i} '{jobs.AllowedContentTypes[i]}' is not a MIME type such as image/png.");
            }
        }

        for (var i = 0; i < jobs.AllowedOrigins.Count; i++)
        {
            if (!OriginCheck.IsValidSetting(jobs.AllowedOrigins[i]))
            {
                errors.Add($"{P}Jobs:AllowedOrigins:{i} '{jobs.AllowedOrigins[i]}' is not an origin such as https://app.example (http or https, a host, an optional port, nothing after).");
            }
        }

        if (jobs.MaxInputBytes is < 1 or > MaxSingleUploadBytes)
        {
            errors.Add($"{P}Jobs:MaxInputBytes must be between 1 and {MaxSingleUploadBytes} (5 GiB); it is {jobs.MaxInputBytes}.");
        }

        Range(errors, $"{P}Jobs:UploadExpiry", jobs.UploadExpiry, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Range(errors, $"{P}Jobs:DownloadExpiry", jobs.DownloadExpiry, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7));
        Range(errors, $"{P}Jobs:KeepAliveInterval", jobs.KeepAliveInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (jobs.OwnerFromUser is null)
        {
            errors.Add($"{P}Jobs:OwnerFromUser must not be null.");
        }

        var webhooks = options.Webhooks;
        for (var i = 0; i < webhooks.Secrets.Count; i++)
        {
            if (!WebhookSecret.IsValid(webhooks.Secrets[i]))
            {
                errors.Add($"{P}Webhooks:Secrets:{i} must be whsec_ followed by base64 (the worker's AsyncAi:Worker:Webhook:Secret).");
            }
            else if (WebhookSecret.Decode(webhooks.Secrets[i]).Length < 24)
            {
                errors.Add($"{P}Webhooks:Secrets:{i} holds {WebhookSecret.Decode(webhooks.Secrets[i]).Length} bytes; use at least 24 random bytes (WebhookSecret.Generate() makes 32).");
            }
        }

        if (webhooks.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"{P}Webhooks:MaxBodyBytes must be between 1024 and 16777216; it is {webhooks.MaxBodyBytes}.");
        }

        Range(errors, $"{P}Webhooks:TimestampTolerance", webhooks.TimestampTolerance, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        if (webhooks.DeduplicationCapacity is < 1 or > 10_000_000)
        {
            errors.Add($"{P}Webhooks:DeduplicationCapacity must be between 1 and 10000000; it is {webhooks.DeduplicationCapacity}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string path, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path} must be between {min} and {max}; it is {value}.");
        }
    }
}

/// <summary>The MIME type rule: what S3 signs into a header or a policy must be plain printable ASCII.</summary>
internal static class ContentTypes
{
    public static bool IsMimeType(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 255 || Encoding.UTF8.GetByteCount(value) != value.Length)
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < value.Length - 1 && value.All(c => c is > ' ' and <= '~' and not '"' and not '\\');
    }
}
