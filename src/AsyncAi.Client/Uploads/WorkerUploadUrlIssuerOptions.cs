namespace AsyncAi.Client;

/// <summary>Settings of <see cref="WorkerUploadUrlIssuer"/>, the backend side of workers that upload through presigned URLs.</summary>
public sealed class WorkerUploadUrlIssuerOptions
{
    /// <summary>The bucket outputs go to. Required.</summary>
    public string? Bucket { get; set; }

    /// <summary>The key prefix of every job's objects, the same as <see cref="AsyncAiClientOptions.RootPrefix"/>; empty or ending in '/'.</summary>
    public string RootPrefix { get; set; } = "jobs/";

    /// <summary>
    /// The bearer token workers present. Required. Use a long random value (32 bytes or more) and keep it out of
    /// source control; rotate it by deploying the new value to workers and backend together.
    /// </summary>
    public string? WorkerToken { get; set; }

    /// <summary>How long an issued URL stays valid: long enough for one upload, short enough to be useless if leaked.</summary>
    public TimeSpan UrlExpiry { get; set; } = TimeSpan.FromMinutes(5);
}
