namespace AsyncAi.Worker.Tests.Support;

/// <summary>
/// Fresh queues (request with a dead-letter queue, response) and a bucket on the shared emulator, a running
/// client role to publish and observe completions, and workers started on demand.
/// </summary>
public sealed class WorkerTestEnvironment : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private WorkerTestEnvironment(FauxqsEmulator emulator)
    {
        Emulator = emulator;
        Sqs = emulator.CreateSqsClient();
        S3 = emulator.CreateS3Client();
    }

    public FauxqsEmulator Emulator { get; }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    public string Bucket { get; private set; } = "";

    public Uri RequestQueueUrl { get; private set; } = null!;

    public Uri DeadLetterQueueUrl { get; private set; } = null!;

    public Uri ResponseQueueUrl { get; private set; } = null!;

    public IHost Client { get; private set; } = null!;

    public IJobPublisher Publisher => Client.Services.GetRequiredService<IJobPublisher>();

    public IJobEvents Events => Client.Services.GetRequiredService<IJobEvents>();

    public HandlerLog Log { get; } = new();

    public static async Task<WorkerTestEnvironment> CreateAsync(FauxqsFixture fixture, bool withClient = true)
    {
        var env = new WorkerTestEnvironment(fixture.Emulator);
        var emulator = fixture.Emulator;
        env.Bucket = FauxqsEmulator.UniqueName("worker");
        await emulator.CreateBucketAsync(env.Bucket);
        var dlq = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("requests-dlq"));
        var dlqArn = (await env.Sqs.GetQueueAttributesAsync(dlq, ["QueueArn"])).Attributes["QueueArn"];
        var requests = await emulator.CreateQueueAsync(
            FauxqsEmulator.UniqueName("requests"),
            new Dictionary<string, string> { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"20"}""" });
        var responses = await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("responses"));
        env.RequestQueueUrl = new Uri(requests);
        env.DeadLetterQueueUrl = new Uri(dlq);
        env.ResponseQueueUrl = new Uri(responses);
        if (withClient)
        {
            env.Client = await env.StartHostAsync(services => services.AddAsyncAiClient(o =>
            {
                o.RequestQueueUrl = env.RequestQueueUrl;
                o.ResponseQueueUrl = env.ResponseQueueUrl;
                o.Bucket = env.Bucket;
                o.ListenerWaitTime = TimeSpan.FromSeconds(1);
            }));
        }

        return env;
    }

    /// <summary>The options every test worker starts from: short timeouts so the suite runs in seconds.</summary>
    public void Defaults(AsyncAiWorkerOptions o)
    {
        o.RequestQueueUrl = RequestQueueUrl;
        o.ResponseQueueUrl = ResponseQueueUrl;
        o.Bucket = Bucket;
        o.Concurrency = 4;
        o.VisibilityTimeout = TimeSpan.FromSeconds(2);
        o.ReceiveWaitTime = TimeSpan.FromSeconds(1);
        o.RetryBaseDelay = TimeSpan.FromSeconds(1);
        o.MaxRetryDelay = TimeSpan.FromSeconds(2);
        o.ShutdownGracePeriod = TimeSpan.FromSeconds(5);
        o.CancelCheckInterval = TimeSpan.FromMilliseconds(200);
        o.ProgressInterval = TimeSpan.Zero;
    }

    /// <summary>Starts a worker with the test handlers; <paramref name="configure"/> runs after <see cref="Defaults"/>.</summary>
    public Task<IHost> StartWorkerAsync(Action<AsyncAiWorkerOptions>? configure = null, Action<IServiceCollection>? services = null, bool registerS3 = true, bool start = true) =>
        StartHostAsync(
            s =>
            {
                s.AddSingleton(Log);
                s.AddAsyncAiWorker(o =>
                    {
                        Defaults(o);
                        configure?.Invoke(o);
                    })
                    .AddJobHandler<EchoHandler>("echo")
                    .AddJobHandler<SleepHandler>("sleep")
                    .AddJobHandler<FlakyHandler>("flaky")
                    .AddJobHandler<RejectingHandler>("reject");
                services?.Invoke(s);
            },
            registerS3,
            start);

    public async Task<IHost> StartHostAsync(Action<IServiceCollection> configure, bool registerS3 = true, bool start = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton<IAmazonSQS>(_ => Emulator.CreateSqsClient());
        if (registerS3)
        {
            builder.Services.AddSingleton<IAmazonS3>(_ => Emulator.CreateS3Client());
        }

        configure(builder.Services);
        var host = builder.Build();
        _hosts.Add(host);
        if (start)
        {
            await host.StartAsync();
        }

        return host;
    }

    public async Task<JobCompletion> WaitAsync(JobId id, string? owner = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await Events.WaitForCompletionAsync(id, owner, timeout.Token);
    }

    /// <summary>The next message on the request queue's dead-letter queue, with its attributes (the reason among them).</summary>
    public async Task<Message> ReceiveDeadLetterAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var received = await Sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = DeadLetterQueueUrl.ToString(), WaitTimeSeconds = 1, MessageAttributeNames = ["All"] },
                timeout.Token);
            if (received.Messages is [var message, ..])
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            host.Dispose();
        }

        Sqs.Dispose();
        S3.Dispose();
    }
}
