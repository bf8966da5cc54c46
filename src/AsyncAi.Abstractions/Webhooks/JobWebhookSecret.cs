using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.Webhooks;

/// <summary>
/// Each job's own webhook secret, so that a worker can speak only for the jobs it was given: the backend derives it
/// from its webhook key, the job id and the owner (<see cref="Derive"/>), puts it into the job message's
/// <see cref="JobRequest.Metadata"/> under <see cref="MetadataKey"/>, and accepts a delivery only when it is signed
/// with the secret of the job the body names. A worker, or anyone holding one job's secret, cannot post an outcome
/// for another job; the backend's key never leaves the backend, and the backend keeps no per-job state.
/// </summary>
public static class JobWebhookSecret
{
    /// <summary>The metadata key of the secret in the job message; the worker never copies it into a completion.</summary>
    public const string MetadataKey = "asyncai-webhook-secret";

    // Kept apart from any other use of the same key: a MAC over this purpose string is good for nothing else.
    private static readonly byte[] Purpose = "asyncai-webhook-secret\n"u8.ToArray();

    /// <summary>The secret of one job, <c>whsec_&lt;base64&gt;</c>, as a worker signs with it.</summary>
    /// <param name="backendSecret">The backend's webhook key (<c>whsec_&lt;base64&gt;</c>), which never leaves the backend.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    /// <exception cref="FormatException">The backend secret cannot be read.</exception>
    public static string Derive(string backendSecret, JobId jobId, string? owner)
    {
        ArgumentNullException.ThrowIfNull(backendSecret);
        if (jobId.IsEmpty)
        {
            throw new ArgumentException("A job id is needed.", nameof(jobId));
        }

        // The owner cannot hold '\n' (it is a key segment), so the two fields cannot be shifted into each other.
        var fields = Encoding.UTF8.GetBytes($"{jobId.Value}\n{owner}");
        var data = new byte[Purpose.Length + fields.Length];
        Purpose.CopyTo(data, 0);
        fields.CopyTo(data, Purpose.Length);
        return WebhookSecret.Prefix + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.Decode(backendSecret), data));
    }
}
