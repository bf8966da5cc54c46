namespace AsyncAi.Aws;

/// <summary>
/// How to reach SQS and S3 when the application has not registered its own <c>IAmazonSQS</c> and <c>IAmazonS3</c>.
/// Leave everything unset on AWS: the region and credentials then come from the default AWS chains
/// (environment, profile, IAM role).
/// </summary>
public sealed class AwsConnectionOptions
{
    /// <summary>
    /// An endpoint that replaces the AWS one for both SQS and S3, for the local emulator
    /// (for example <c>http://127.0.0.1:4566</c>). <see langword="null"/> on AWS.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The AWS region (for example <c>eu-west-1</c>); the default region chain decides when unset.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Whether S3 is addressed as <c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>.
    /// Emulators need it; <see langword="null"/> means "on when <see cref="ServiceUrl"/> is set".
    /// </summary>
    public bool? ForcePathStyle { get; set; }
}
