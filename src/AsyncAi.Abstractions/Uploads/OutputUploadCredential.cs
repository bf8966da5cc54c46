namespace AsyncAi.Uploads;

/// <summary>
/// Where a job carries its own upload credential for workers outside AWS: the backend puts a credential scoped to
/// that one job (its id, owner and an expiry, signed by the backend) into <see cref="JobRequest.Metadata"/> under
/// <see cref="MetadataKey"/>, and a worker in presigned-URL mode presents it instead of a shared token. A leaked
/// credential can then only write outputs of that one job, only until it expires and only until the job completes.
/// </summary>
public static class OutputUploadCredential
{
    /// <summary>The metadata key of the credential in the job message.</summary>
    public const string MetadataKey = "asyncai-upload-credential";
}
