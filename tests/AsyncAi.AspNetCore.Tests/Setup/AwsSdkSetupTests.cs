using AsyncAi.Aws.Provisioning;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace AsyncAi.AspNetCore.Tests.Setup;

/// <summary>The README's first setup: the AWS SDK's own DI registration (AWSSDK.Extensions.NETCore.Setup), which AsyncAi then uses.</summary>
public sealed class AwsSdkSetupTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task With_AddDefaultAWSOptions_and_AddAWSService_the_endpoints_use_the_SDKs_clients()
    {
        using var setupSqs = Emulator.CreateSqsClient();
        using var setupS3 = Emulator.CreateS3Client();
        var resources = await AsyncAiProvisioner.EnsureAsync(setupSqs, setupS3, new AsyncAiResourceNames
        {
            RequestQueueName = FauxqsEmulator.UniqueName("sdk-req"),
            Bucket = FauxqsEmulator.UniqueName("sdk-bucket"),
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The SDK's own section: what an app sets for any AWS service (here, the emulator).
            ["AWS:ServiceURL"] = Emulator.ServiceUrl.ToString(),
            ["AWS:AuthenticationRegion"] = FauxqsEmulator.Region,
            ["AWS:ForcePathStyle"] = "true",
            ["AsyncAi:Client:RequestQueueUrl"] = resources.RequestQueueUrl.ToString(),
            ["AsyncAi:Client:Bucket"] = resources.Bucket,
            ["AsyncAi:Endpoints:Jobs:JobType"] = "echo",
            ["AsyncAi:Endpoints:Jobs:AllowedContentTypes:0"] = "image/png",
        });
        var aws = builder.Configuration.GetAWSOptions();
        aws.Credentials = FauxqsEmulator.Credentials;
        builder.Services.AddDefaultAWSOptions(aws);
        builder.Services.AddAWSService<IAmazonSQS>();
        builder.Services.AddAWSService<IAmazonS3>();
        builder.Services.AddAsyncAiClient(builder.Configuration);
        builder.Services.AddAsyncAiEndpoints(builder.Configuration);
        builder.Services.AddAsyncAiAnonymousJobs();
        await using var app = builder.Build();
        app.MapAsyncAiJobs("/api/jobs");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var job = await Api.CreateUploadedAsync(http);
        using var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var received = await setupSqs.ReceiveMessageAsync(resources.RequestQueueUrl.ToString());
        Assert.Contains(job.GetProperty("jobId").GetString()!, Assert.Single(received.Messages).Body, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
