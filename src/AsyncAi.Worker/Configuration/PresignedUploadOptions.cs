namespace AsyncAi.Worker;

/// <summary>How the worker asks the backend for presigned upload URLs (<see cref="OutputUploadMode.PresignedUrls"/>).</summary>
public sealed class PresignedUploadOptions
{
    /// <summary>The backend endpoint, called with POST and a JSON request per output.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// A shared bearer token, presented only for jobs that carry no upload credential of their own (opt-in; at least
    /// 24 characters). Jobs published by a backend with <c>WorkerUploads:SigningKey</c> carry a per-job credential.
    /// Keep it out of source control.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How long one call to the endpoint, or one upload, may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
