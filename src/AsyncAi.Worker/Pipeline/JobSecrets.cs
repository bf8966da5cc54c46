using AsyncAi.Webhooks;
using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// The entries of a job message's metadata that are secrets for its worker alone (the job's upload credential and
/// webhook secret, <see cref="JobSecretMetadata"/>): used by the worker, never copied into a completion, which
/// reaches the backend's users.
/// </summary>
internal static class JobSecrets
{
    /// <summary>The job's own webhook secret, or <see langword="null"/> when its backend gave it none.</summary>
    public static string? WebhookSecretOf(JobMessage job) => job.Metadata.GetValueOrDefault(JobWebhookSecret.MetadataKey);

    /// <summary>The metadata without the secrets; the same instance when it holds none.</summary>
    public static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string> metadata) =>
        JobSecretMetadata.Without(metadata);
}
