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

    /// <summary>The MIME type the worker will upload with; the URL is signed for it.</summary>
    public required string ContentType { get; init; }
}
