namespace AsyncAi.Worker.Tests.Support;

/// <summary>
/// Fresh queues (request with a dead-letter queue, response) and a bucket on the shared emulator, a running
/// client role to publish and observe completions, and workers started on demand.
/// </summary>
public sealed class WorkerTestEnvironment : EmulatorEnvironment
{
    private WorkerTestEnvironment(FauxqsEmulator emulator, JobQueues queues)
        : base(emulator, queues)
    {
    }

    public IHost Client { get; private set; } = null!;

    public IJobPublisher Publisher => Client.Services.GetRequiredService<IJobPublisher>();

    public IJobEvents Events => Client.Services.GetRequiredService<IJobEvents>();

    public HandlerLog Log { get; } = new();

    public static async Task<WorkerTestEnvironment> CreateAsync(FauxqsFixture fixture, bool withClient = true)
    {
        var env = new WorkerTestEnvironment(fixture.Emulator, await JobQueues.CreateAsync(fixture.Emulator, "worker"));
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

    /// <summary>A fresh environment with the client running and one test worker started on <see cref="Defaults"/>.</summary>
    public static async Task<WorkerTestEnvironment> StartWithWorkerAsync(FauxqsFixture fixture)
    {
        var env = await CreateAsync(fixture);
        try
        {
            await env.StartWorkerAsync();
        }
        catch
        {
            await env.DisposeAsync();
            throw;
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

    public Task<IHost> StartHostAsync(Action<IServiceCollection> configure, bool registerS3 = true, bool start = true) =>
        Hosts.StartAsync(configure, registerS3, start, shutdownTimeout: TimeSpan.FromSeconds(60));

    public async Task<JobCompletion> WaitAsync(JobId id, string? owner = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await Events.WaitForCompletionAsync(id, owner, timeout.Token);
    }

    /// <summary>The next message on the request queue's dead-letter queue, with its attributes (the reason among them).</summary>
    public Task<Message> ReceiveDeadLetterAsync() => Sqs.ReceiveFirstAsync(DeadLetterQueueUrl, TimeSpan.FromSeconds(60));
}
