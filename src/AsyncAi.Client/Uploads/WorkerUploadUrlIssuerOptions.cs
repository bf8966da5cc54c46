namespace AsyncAi.Client;

/// <summary>Settings of <see cref="WorkerUploadUrlIssuer"/>, the backend side of workers that upload through presigned URLs.</summary>
public sealed class WorkerUploadUrlIssuerOptions
{
    /// <summary>The bucket outputs go to. Required.</summary>
    public string? Bucket { get; set; }

    /// <summary>The key prefix of every job's objects, the same as <see cref="AsyncAiClientOptions.RootPrefix"/>; empty or ending in '/'.</summary>
    public string RootPrefix { get; set; } = "jobs/";

    /// <summary>The key that signs per-job credentials (see <see cref="WorkerUploadsOptions.SigningKey"/>); at least 24 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Opt-in: the static bearer token any worker may present for any job (see <see cref="WorkerUploadsOptions.Token"/>);
    /// at least 24 bytes. At least one of this and <see cref="SigningKey"/> is required.
    /// </summary>
    public string? WorkerToken { get; set; }

    /// <summary>How long an issued URL stays valid: long enough for one upload, short enough to be useless if leaked.</summary>
    public TimeSpan UrlExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a per-job credential stays valid after it is created.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The largest output a URL is signed for.</summary>
    public long MaxOutputBytes { get; set; } = 1024L * 1024 * 1024;
}
