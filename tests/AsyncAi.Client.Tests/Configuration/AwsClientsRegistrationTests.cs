namespace AsyncAi.Client.Tests.Configuration;

public sealed class AwsClientsRegistrationTests
{
    [Fact]
    public void AddAsyncAiAwsClients_registers_one_SQS_and_one_S3_client_from_the_section_and_the_client_role_uses_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Client:RequestQueueUrl"] = "http://127.0.0.1:1/000000000000/requests",
            ["AsyncAi:Client:Bucket"] = "demo-bucket",
            ["AsyncAi:Client:Aws:ServiceUrl"] = "http://127.0.0.1:4566",
        }).Build();
        using var host = TestHosts.Build(services =>
        {
            services.AddAsyncAiAwsClients(configuration.GetSection("AsyncAi:Client:Aws"));
            services.AddAsyncAiClient(configuration);
        });

        var sqs = host.Services.GetRequiredService<IAmazonSQS>();
        var s3 = host.Services.GetRequiredService<IAmazonS3>();
        var clients = host.Services.GetRequiredService<ClientAwsClients>();

        Assert.Equal("http://127.0.0.1:4566/", sqs.Config.ServiceURL);
        Assert.True(((AmazonS3Config)s3.Config).ForcePathStyle);
        Assert.Same(sqs, clients.Sqs);
        Assert.Same(s3, clients.S3);
    }

    [Fact]
    public void Clients_the_application_registered_first_are_kept()
    {
        using var own = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:1/" });
        using var host = TestHosts.Build(services =>
        {
            services.AddSingleton<IAmazonSQS>(own);
            services.AddAsyncAiAwsClients(o => o.Region = "eu-west-1");
        });

        Assert.Same(own, host.Services.GetRequiredService<IAmazonSQS>());
        Assert.Equal(Amazon.RegionEndpoint.EUWest1, host.Services.GetRequiredService<IAmazonS3>().Config.RegionEndpoint);
    }

    [Fact]
    public async Task A_relative_service_url_fails_at_start_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:ServiceUrl"] = "localhost-4566",
        }).Build();
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiAwsClients(configuration.GetSection("Aws")));

        Assert.Contains("Aws:ServiceUrl", error.Message, StringComparison.Ordinal);
    }
}
