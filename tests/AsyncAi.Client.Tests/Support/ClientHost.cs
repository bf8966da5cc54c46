using AsyncAi.Aws.Provisioning;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Client.Tests.Support;

/// <summary>
/// One backend instance under test: a real generic host with AddAsyncAiClient, using the emulator's SDK clients
/// (registered in DI, as an application would register its own).
/// </summary>
internal sealed class ClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ClientHost(IHost host, AmazonSQSClient sqs, AmazonS3Client s3)
    {
        _host = host;
        Sqs = sqs;
        S3 = s3;
    }

    public AmazonSQSClient Sqs { get; }

    public AmazonS3Client S3 { get; }

    public IServiceProvider Services => _host.Services;

    public IJobPublisher Publisher => Services.GetRequiredService<IJobPublisher>();

    public IJobEvents Events => Services.GetRequiredService<IJobEvents>();

    public IInputUploads Uploads => Services.GetRequiredService<IInputUploads>();

    public IResultStore Results => Services.GetRequiredService<IResultStore>();

    public static async Task<ClientHost> StartAsync(FauxqsEmulator emulator, AsyncAiResources resources, Action<AsyncAiClientOptions>? configure = null, bool listen = true, Action<IServiceCollection>? services = null)
    {
        var sqs = emulator.CreateSqsClient();
        var s3 = emulator.CreateS3Client();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IAmazonSQS>(sqs);
        builder.Services.AddSingleton<IAmazonS3>(s3);
        builder.Services.AddAsyncAiClient(options =>
        {
            options.RequestQueueUrl = resources.RequestQueueUrl;
            options.ResponseQueueUrl = listen ? resources.ResponseQueueUrl : null;
            options.Bucket = resources.Bucket;
            options.ListenerWaitTime = TimeSpan.FromSeconds(1);
            options.StatusPollInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new ClientHost(host, sqs, s3);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Sqs.Dispose();
        S3.Dispose();
    }
}
