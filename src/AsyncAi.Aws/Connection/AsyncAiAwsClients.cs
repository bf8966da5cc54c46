using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace AsyncAi.Aws;

/// <summary>
/// Builds SQS and S3 clients from <see cref="AwsConnectionOptions"/> the way AsyncAi itself does, with the default
/// credential chain (environment, profile, IAM role). For code that runs before the host is built, such as a
/// provisioning step; inside the host, <c>services.AddAsyncAiAwsClients(...)</c> registers the same clients in DI.
/// The caller owns and disposes the clients.
/// </summary>
public static class AsyncAiAwsClients
{
    /// <summary>The region signatures name when <see cref="AwsConnectionOptions.ServiceUrl"/> is set without a region.</summary>
    private const string EmulatorRegion = "us-east-1";

    /// <summary>Creates an SQS client.</summary>
    /// <param name="options">Where SQS is: an endpoint (the emulator), a region, or neither (the default region chain).</param>
    /// <returns>A new client, owned by the caller.</returns>
    public static IAmazonSQS CreateSqs(AwsConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonSQSConfig();
        PointAt(config, options);
        return new AmazonSQSClient(config);
    }

    /// <summary>
    /// Creates an S3 client. With <see cref="AwsConnectionOptions.ServiceUrl"/> set, buckets are addressed as paths
    /// unless <see cref="AwsConnectionOptions.ForcePathStyle"/> says otherwise, because emulators do not serve
    /// buckets as host names.
    /// </summary>
    /// <param name="options">Where S3 is: an endpoint (the emulator), a region, or neither (the default region chain).</param>
    /// <returns>A new client, owned by the caller.</returns>
    public static IAmazonS3 CreateS3(AwsConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config();
        PointAt(config, options);
        config.ForcePathStyle = options.ForcePathStyle ?? options.ServiceUrl is not null;
        return new AmazonS3Client(config);
    }

    private static void PointAt(ClientConfig config, AwsConnectionOptions options)
    {
        // A blank region, as configuration binds "Region": "", means "unset" rather than a region named "".
        var region = string.IsNullOrWhiteSpace(options.Region) ? null : options.Region;
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
            config.AuthenticationRegion = region ?? EmulatorRegion;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
    }

    /// <summary>
    /// The scheme a presigned URL of <paramref name="s3"/> must use: HTTP when the client talks to a plain-http
    /// endpoint (the local emulator), otherwise HTTPS. The SDK signs HTTPS URLs unless told, and an emulator that
    /// serves http only would refuse them; set it as <c>GetPreSignedUrlRequest.Protocol</c>.
    /// </summary>
    /// <param name="s3">The client that signs the URL.</param>
    public static Protocol PresignProtocol(IAmazonS3 s3)
    {
        ArgumentNullException.ThrowIfNull(s3);
        return s3.Config.ServiceURL is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS;
    }
}
