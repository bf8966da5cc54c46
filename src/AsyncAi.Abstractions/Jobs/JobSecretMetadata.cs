using AsyncAi.Uploads;
using AsyncAi.Webhooks;

namespace AsyncAi;

/// <summary>
/// The entries of a job's metadata that are secrets for its worker alone: the job's upload credential
/// (<see cref="OutputUploadCredential.MetadataKey"/>) and webhook secret (<see cref="JobWebhookSecret.MetadataKey"/>).
/// The worker never copies them into a completion and a job store never keeps them, since both reach the backend's
/// users and its database.
/// </summary>
public static class JobSecretMetadata
{
    private static readonly string[] Keys = [OutputUploadCredential.MetadataKey, JobWebhookSecret.MetadataKey];

    /// <summary>The metadata without the secrets; the same instance when it holds none.</summary>
    /// <param name="metadata">A job's metadata.</param>
    public static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return Array.Exists(Keys, metadata.ContainsKey)
            ? metadata.Where(m => !Keys.Contains(m.Key)).ToDictionary(StringComparer.Ordinal)
            : metadata;
    }
}
