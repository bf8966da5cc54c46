namespace AsyncAi.Client;

/// <summary>
/// Settings of the <see cref="WorkerUploadUrlIssuer"/> that <c>AddAsyncAiClient</c> registers, bound from
/// <c>AsyncAi:Client:WorkerUploads</c>. The issuer signs with the client's S3 client, under the client's
/// <see cref="AsyncAiClientOptions.Bucket"/> and <see cref="AsyncAiClientOptions.RootPrefix"/>, so worker outputs
/// land where the results store reads them.
/// </summary>
public sealed class WorkerUploadsOptions
{
    /// <summary>
    /// The bearer token workers present (the workers' <c>AsyncAi:Worker:PresignedUploads:Token</c>). Unset: no issuer
    /// is available. Use a long random value (32 bytes or more) from a secret store, never from source control.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How long an issued URL stays valid: long enough for one upload, short enough to be useless if leaked (at most 7 days).</summary>
    public TimeSpan UrlExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the issuer is on, that is whether <see cref="Token"/> is set.</summary>
    public bool IsEnabled => !string.IsNullOrEmpty(Token);
}
