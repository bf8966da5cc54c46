namespace AsyncAi.Worker;

/// <summary>How a worker puts its outputs in S3.</summary>
public enum OutputUploadMode
{
    /// <summary>With the S3 client and the default credential chain (an IAM role inside AWS).</summary>
    DirectS3,

    /// <summary>
    /// With presigned PUT URLs that the backend issues per output, for workers outside AWS that hold no S3
    /// credentials. Such workers keep no completion record and look for no cancellation marker (both need S3).
    /// </summary>
    PresignedUrls,
}
