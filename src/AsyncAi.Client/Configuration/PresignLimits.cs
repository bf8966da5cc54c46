namespace AsyncAi.Client;

/// <summary>Limits S3 places on presigned requests and single uploads.</summary>
internal static class PresignLimits
{
    /// <summary>SigV4 presigned URLs and POST policies are valid for at most 7 days.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(7);

    /// <summary>One PUT or POST uploads at most 5 GiB.</summary>
    public const long MaxSingleUploadBytes = 5L * 1024 * 1024 * 1024;
}
