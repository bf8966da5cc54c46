namespace AsyncAi.Client;

/// <summary>One input to upload for a job.</summary>
/// <param name="JobId">The job the input belongs to (from <see cref="IInputUploads.NewJobId"/>).</param>
/// <param name="Name">The input's name, which becomes the last part of its key (for example <c>image</c> or <c>pages/1.png</c>).</param>
/// <param name="ContentType">The MIME type the upload must have (for example <c>image/png</c>).</param>
public sealed record InputUploadRequest(JobId JobId, string Name, string ContentType)
{
    /// <summary>The job's owner or tenant, when the job will be published with one; it is part of the key.</summary>
    public string? Owner { get; init; }

    /// <summary>The largest upload a presigned POST accepts; <see cref="AsyncAiClientOptions.DefaultMaxInputBytes"/> when unset.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>How long the presigned request stays valid (at most 7 days); <see cref="AsyncAiClientOptions.DefaultUploadExpiry"/> when unset.</summary>
    public TimeSpan? ExpiresIn { get; init; }
}
