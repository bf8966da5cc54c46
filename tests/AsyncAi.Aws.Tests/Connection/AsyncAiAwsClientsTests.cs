using Amazon;
using Amazon.S3;

namespace AsyncAi.Aws.Tests.Connection;

public sealed class AsyncAiAwsClientsTests
{
    private static readonly Uri Emulator = new("http://127.0.0.1:4566/");

    [Fact]
    public void A_service_url_points_both_clients_at_it_and_S3_at_path_style_addresses()
    {
        var options = new AwsConnectionOptions { ServiceUrl = Emulator };

        using var sqs = AsyncAiAwsClients.CreateSqs(options);
        using var s3 = AsyncAiAwsClients.CreateS3(options);

        Assert.Equal(Emulator.ToString(), sqs.Config.ServiceURL);
        Assert.Equal("us-east-1", sqs.Config.AuthenticationRegion);
        Assert.Equal(Emulator.ToString(), s3.Config.ServiceURL);
        Assert.True(((AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public void ForcePathStyle_false_wins_over_the_service_url_default()
    {
        using var s3 = AsyncAiAwsClients.CreateS3(new AwsConnectionOptions { ServiceUrl = Emulator, ForcePathStyle = false });

        Assert.False(((AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public void A_region_without_a_service_url_selects_that_region()
    {
        var options = new AwsConnectionOptions { Region = "eu-west-1" };

        using var sqs = AsyncAiAwsClients.CreateSqs(options);
        using var s3 = AsyncAiAwsClients.CreateS3(options);

        Assert.Equal(RegionEndpoint.EUWest1, sqs.Config.RegionEndpoint);
        Assert.Equal(RegionEndpoint.EUWest1, s3.Config.RegionEndpoint);
        Assert.Null(s3.Config.ServiceURL);
        Assert.False(((AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public void A_blank_region_as_configuration_binds_it_is_treated_as_unset()
    {
        using var sqs = AsyncAiAwsClients.CreateSqs(new AwsConnectionOptions { ServiceUrl = Emulator, Region = "" });

        Assert.Equal("us-east-1", sqs.Config.AuthenticationRegion);
    }

    [Fact]
    public void Presigned_urls_use_http_for_a_plain_http_endpoint_and_https_otherwise()
    {
        using var emulator = AsyncAiAwsClients.CreateS3(new AwsConnectionOptions { ServiceUrl = Emulator });
        using var tls = AsyncAiAwsClients.CreateS3(new AwsConnectionOptions { ServiceUrl = new Uri("https://s3.example.test/") });
        using var aws = AsyncAiAwsClients.CreateS3(new AwsConnectionOptions { Region = "eu-west-1" });

        Assert.Equal(Protocol.HTTP, AsyncAiAwsClients.PresignProtocol(emulator));
        Assert.Equal(Protocol.HTTPS, AsyncAiAwsClients.PresignProtocol(tls));
        Assert.Equal(Protocol.HTTPS, AsyncAiAwsClients.PresignProtocol(aws));
    }
}
