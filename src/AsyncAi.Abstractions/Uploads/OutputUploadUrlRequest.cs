namespace AsyncAi.Uploads;

/// <summary>
/// What a worker without S3 credentials sends to the backend to get a presigned URL for one output
/// (POST, JSON, with the worker's bearer token).
/// </summary>
public sealed record OutputUploadUrlRequest
{
    /// <summary>The job the output belongs to.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job's owner, when it was published with one; part of the job's prefix.</summary>
    public string? Owner { get; init; }

    /// <summary>The output name (see <see cref="StorageNames.ValidateFileName"/>).</summary>
    public required string OutputName { get; init; }

    /// <summary>The MIME type the worker will upload with, exactly as it will send it; the URL is signed for this string.</summary>
    public required string ContentType { get; init; }

    /// <summary>
    /// The size of the output in bytes. The backend refuses sizes over its cap and signs the length into the URL,
    /// so that S3 accepts exactly this many bytes. Required: a request without it (<see langword="null"/>, from older
    /// workers) gets no URL, since an unsigned length would leave the upload uncapped.
    /// </summary>
    public long? SizeBytes { get; init; }

    /// <summary>
    /// The job's own upload credential (<see cref="OutputUploadCredential.MetadataKey"/> of the job message), or
    /// <see langword="null"/> to present the worker's shared token. Sent as the bearer token, never in the body.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Credential { get; init; }
}
