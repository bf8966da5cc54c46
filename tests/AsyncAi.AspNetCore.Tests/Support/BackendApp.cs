using System.Security.Claims;
using AsyncAi.Aws.Provisioning;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace AsyncAi.AspNetCore.Tests.Support;

/// <summary>
/// A backend under test: a WebApplication on Kestrel at 127.0.0.1 (a free port) with AddAsyncAiClient over the
/// emulator's queues and bucket and the AsyncAi endpoints mapped. A request's <c>X-Test-User</c> header signs it in
/// as that user (a stand-in for the application's authentication).
/// </summary>
internal sealed class BackendApp : IAsyncDisposable
{
    public const string UserHeader = "X-Test-User";

    private BackendApp(WebApplication app, AsyncAiResources resources, AmazonS3Client s3, AmazonSQSClient sqs)
    {
        App = app;
        Resources = resources;
        S3 = s3;
        Sqs = sqs;
        BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public AsyncAiResources Resources { get; }

    public AmazonS3Client S3 { get; }

    public AmazonSQSClient Sqs { get; }

    public Uri BaseUrl { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BackendApp> StartAsync(
        FauxqsEmulator emulator,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null)
    {
        using var setupSqs = emulator.CreateSqsClient();
        using var setupS3 = emulator.CreateS3Client();
        var resources = await AsyncAiProvisioner.EnsureAsync(setupSqs, setupS3, new AsyncAiResourceNames
        {
            RequestQueueName = FauxqsEmulator.UniqueName("req"),
            ResponseQueueName = null,
            Bucket = FauxqsEmulator.UniqueName("bucket"),
        });

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = new Dictionary<string, string?>
        {
            ["AsyncAi:Client:RequestQueueUrl"] = resources.RequestQueueUrl.ToString(),
            ["AsyncAi:Client:Bucket"] = resources.Bucket,
            ["AsyncAi:Client:StatusPollInterval"] = "00:00:00.200",
            ["AsyncAi:Endpoints:Jobs:JobType"] = "echo",
            ["AsyncAi:Endpoints:Jobs:InputName"] = "image",
            ["AsyncAi:Endpoints:Jobs:AllowedContentTypes:0"] = "image/png",
            ["AsyncAi:Endpoints:Jobs:AllowedContentTypes:1"] = "text/plain",
            ["AsyncAi:Endpoints:Jobs:MaxInputBytes"] = "1000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var s3 = emulator.CreateS3Client();
        var sqs = emulator.CreateSqsClient();
        builder.Services.AddSingleton<IAmazonS3>(s3);
        builder.Services.AddSingleton<IAmazonSQS>(sqs);
        builder.Services.AddAsyncAiClient(builder.Configuration);
        builder.Services.AddAsyncAiEndpoints(builder.Configuration);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[UserHeader].ToString() is { Length: > 0 } user)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], authenticationType: "test"));
            }

            return next(context);
        });
        app.UseWebSockets();
        if (map is null)
        {
            app.MapAsyncAiJobs("/api/jobs");
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return new BackendApp(app, resources, s3, sqs);
    }

    public HttpClient CreateClient(string? user = null)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Add(UserHeader, user);
        }

        return http;
    }

    public WorkerUploadUrlIssuer Issuer => Services.GetRequiredService<WorkerUploadUrlIssuer>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        S3.Dispose();
        Sqs.Dispose();
    }
}
