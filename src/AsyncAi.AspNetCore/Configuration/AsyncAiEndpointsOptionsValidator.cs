using System.Text;
using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>Checks the endpoint settings at start, naming every bad setting by its configuration path at once (<see cref="OptionErrors"/>).</summary>
internal sealed class AsyncAiEndpointsOptionsValidator : IValidateOptions<AsyncAiEndpointsOptions>
{
    private const long MaxSingleUploadBytes = 5L * 1024 * 1024 * 1024;
    private static readonly TimeSpan MaxPresignExpiry = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, AsyncAiEndpointsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = new OptionErrors(AsyncAiEndpointsOptions.DefaultSectionName);
        ValidateJobs(root.Section(nameof(options.Jobs)), options.Jobs);
        ValidateWebhooks(root.Section(nameof(options.Webhooks)), options.Webhooks);
        return root.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(root.Messages);
    }

    private static void ValidateJobs(OptionErrors errors, JobEndpointsOptions jobs)
    {
        if (jobs.JobType is not null && (string.IsNullOrWhiteSpace(jobs.JobType) || jobs.JobType.Length > 128 || !jobs.JobType.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            errors.Add(nameof(jobs.JobType), jobs.JobType, "must be 1-128 letters, digits, '.', '-' or '_'");
        }

        try
        {
            StorageNames.ValidateFileName(jobs.InputName);
        }
        catch (ArgumentException)
        {
            errors.Add(nameof(jobs.InputName), jobs.InputName, "is not a valid input name (letters, digits, '.', '-', '_' and '/' between parts)");
        }

        for (var i = 0; i < jobs.AllowedContentTypes.Count; i++)
        {
            if (!ContentTypes.IsMimeType(jobs.AllowedContentTypes[i]))
            {
                errors.Add($"{nameof(jobs.AllowedContentTypes)}:{i}", jobs.AllowedContentTypes[i], "is not a MIME type such as image/png");
            }
        }

        for (var i = 0; i < jobs.AllowedOrigins.Count; i++)
        {
            if (!OriginCheck.IsValidSetting(jobs.AllowedOrigins[i]))
            {
                errors.Add($"{nameof(jobs.AllowedOrigins)}:{i}", jobs.AllowedOrigins[i], "is not an origin such as https://app.example (http or https, a host, an optional port, nothing after)");
            }
        }

        errors.Range(nameof(jobs.MaxInputBytes), jobs.MaxInputBytes, 1, MaxSingleUploadBytes, "5 GiB, the most one S3 PUT takes");
        errors.Range(nameof(jobs.UploadExpiry), jobs.UploadExpiry, TimeSpan.FromSeconds(1), MaxPresignExpiry, "the SigV4 limit");
        errors.Range(nameof(jobs.DownloadExpiry), jobs.DownloadExpiry, TimeSpan.FromSeconds(1), MaxPresignExpiry, "the SigV4 limit");
        errors.Range(nameof(jobs.KeepAliveInterval), jobs.KeepAliveInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (jobs.OwnerFromUser is null)
        {
            errors.Add(nameof(jobs.OwnerFromUser), null, "must not be null");
        }
    }

    private static void ValidateWebhooks(OptionErrors errors, WebhookEndpointOptions webhooks)
    {
        for (var i = 0; i < webhooks.Secrets.Count; i++)
        {
            if (!WebhookSecret.IsValid(webhooks.Secrets[i]))
            {
                errors.AddHidden($"{nameof(webhooks.Secrets)}:{i}", "must be whsec_ followed by base64 (the worker's AsyncAi:Worker:Webhook:Secret)");
            }
            else if (WebhookSecret.Decode(webhooks.Secrets[i]).Length < 24)
            {
                errors.AddHidden($"{nameof(webhooks.Secrets)}:{i}", $"holds {WebhookSecret.Decode(webhooks.Secrets[i]).Length} bytes; use at least 24 random bytes (WebhookSecret.Generate() makes 32)");
            }
        }

        errors.Range(nameof(webhooks.MaxBodyBytes), webhooks.MaxBodyBytes, 1024, 16 * 1024 * 1024);
        errors.Range(nameof(webhooks.TimestampTolerance), webhooks.TimestampTolerance, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        errors.Range(nameof(webhooks.DeduplicationCapacity), webhooks.DeduplicationCapacity, 1, 10_000_000);
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
