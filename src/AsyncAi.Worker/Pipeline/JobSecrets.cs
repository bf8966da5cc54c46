using AsyncAi.Uploads;
using AsyncAi.Webhooks;
using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// The entries of a job message's metadata that are secrets for its worker alone (the job's upload credential and
/// webhook secret): used by the worker, never copied into a completion, which reaches the backend's users.
/// </summary>
internal static class JobSecrets
{
    private static readonly string[] Keys = [OutputUploadCredential.MetadataKey, JobWebhookSecret.MetadataKey];

    /// <summary>The job's own webhook secret, or <see langword="null"/> when its backend gave it none.</summary>
    public static string? WebhookSecretOf(JobMessage job) => job.Metadata.GetValueOrDefault(JobWebhookSecret.MetadataKey);

    /// <summary>The metadata without the secrets; the same instance when it holds none.</summary>
    public static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string> metadata) =>
        Array.Exists(Keys, metadata.ContainsKey)
            ? metadata.Where(m => !Keys.Contains(m.Key)).ToDictionary(StringComparer.Ordinal)
            : metadata;
}
