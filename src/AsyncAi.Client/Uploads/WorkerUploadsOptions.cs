namespace AsyncAi.Client;

/// <summary>
/// Settings of the <see cref="WorkerUploadUrlIssuer"/> that <c>AddAsyncAiClient</c> registers, bound from
/// <c>AsyncAi:Client:WorkerUploads</c>. The issuer signs with the client's S3 client, under the client's
/// <see cref="AsyncAiClientOptions.Bucket"/> and <see cref="AsyncAiClientOptions.RootPrefix"/>, so worker outputs
/// land where the results store reads them.
/// </summary>
public sealed class WorkerUploadsOptions
{
    /// <summary>The fewest bytes a signing key or worker token may have: a shorter secret can be guessed offline.</summary>
    public const int MinSecretBytes = 24;

    /// <summary>
    /// The key that signs each job's own upload credential (<see cref="WorkerUploadUrlIssuer.CreateJobCredential"/>).
    /// Setting it turns the issuer on in per-job mode, the recommended one: a credential lets a worker write only
    /// the outputs of the job it came with. At least <see cref="MinSecretBytes"/> bytes of random data, from a secret
    /// store; only the backend holds it.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Opt-in: a static bearer token every worker shares (the workers' <c>AsyncAi:Worker:PresignedUploads:Token</c>),
    /// accepted for any job. A leaked token reaches every unfinished job's outputs, so prefer
    /// <see cref="SigningKey"/>; keep this for workers that run jobs published without a credential. At least
    /// <see cref="MinSecretBytes"/> bytes, from a secret store, never from source control.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How long an issued URL stays valid: long enough for one upload, short enough to be useless if leaked (at most 7 days).</summary>
    public TimeSpan UrlExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a job's credential stays valid after it is created: longer than the job may wait in the queue and
    /// run (at most 30 days). The credential also stops working once the job has completed.
    /// </summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The largest output the issuer signs a URL for; the size is signed into the URL, so S3 accepts no more (at most 5 GiB).</summary>
    public long MaxOutputBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Whether the issuer is on, that is whether <see cref="SigningKey"/> or <see cref="Token"/> is set.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(Token);
}
