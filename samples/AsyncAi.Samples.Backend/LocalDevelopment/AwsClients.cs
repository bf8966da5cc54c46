using Amazon;
using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Aws;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// One SQS and one S3 client for the whole app, built from <c>AsyncAi:Client:Aws</c>. AsyncAi uses clients
/// registered in DI when there are some, so the SDK, the provisioning step and the upload-URL issuer share them.
/// On AWS leave ServiceUrl unset: region and credentials come from the default chains (IAM role, profile, env).
/// </summary>
internal static class AwsClients
{
    public static IServiceCollection AddAwsClients(this IServiceCollection services, IConfiguration configuration)
    {
        var aws = ReadConnection(configuration);
        services.AddSingleton(_ => CreateSqs(aws));
        services.AddSingleton(_ => CreateS3(aws));
        return services;
    }

    public static AwsConnectionOptions ReadConnection(IConfiguration configuration) =>
        configuration.GetSection("AsyncAi:Client:Aws").Get<AwsConnectionOptions>() ?? new AwsConnectionOptions();

    public static IAmazonSQS CreateSqs(AwsConnectionOptions aws)
    {
        var config = new AmazonSQSConfig();
        if (aws.ServiceUrl is not null)
        {
            config.ServiceURL = aws.ServiceUrl.ToString();
            config.AuthenticationRegion = aws.Region ?? "us-east-1";
        }
        else if (aws.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region);
        }

        return new AmazonSQSClient(config);
    }

    public static IAmazonS3 CreateS3(AwsConnectionOptions aws)
    {
        var config = new AmazonS3Config();
        if (aws.ServiceUrl is not null)
        {
            config.ServiceURL = aws.ServiceUrl.ToString();
            config.AuthenticationRegion = aws.Region ?? "us-east-1";
        }
        else if (aws.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region);
        }

        // Emulators serve buckets as paths (endpoint/bucket/key) rather than host names.
        config.ForcePathStyle = aws.ForcePathStyle ?? aws.ServiceUrl is not null;
        return new AmazonS3Client(config);
    }
}
