using System.Net;
using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Interop.Tests.Support;

/// <summary>
/// Fresh queues (a request queue whose RedrivePolicy names a dead-letter queue, a response queue) and a bucket on the
/// shared emulator, with the .NET roles and the Python scripts started on demand against them.
/// </summary>
public sealed class InteropEnvironment : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly List<PythonProcess> _python = [];

    private InteropEnvironment(FauxqsEmulator emulator)
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

    public static async Task<InteropEnvironment> CreateAsync(FauxqsFixture fixture)
    {
        var env = new InteropEnvironment(fixture.Emulator);
        env.Bucket = FauxqsEmulator.UniqueName("interop");
        await fixture.Emulator.CreateBucketAsync(env.Bucket);
        var dlq = await fixture.Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("requests-dlq"));
        var dlqArn = (await env.Sqs.GetQueueAttributesAsync(dlq, ["QueueArn"])).Attributes["QueueArn"];
        var requests = await fixture.Emulator.CreateQueueAsync(
            FauxqsEmulator.UniqueName("requests"),
            new Dictionary<string, string> { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"20"}""" });
        env.RequestQueueUrl = new Uri(requests);
        env.DeadLetterQueueUrl = new Uri(dlq);
        env.ResponseQueueUrl = new Uri(await fixture.Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("responses")));
        return env;
    }

    /// <summary>The ASYNCAI_* settings the Python scripts read.</summary>
    public Dictionary<string, string> PythonSettings(bool withResponseQueue = true) => new()
    {
        ["ASYNCAI_ENDPOINT_URL"] = Emulator.ServiceUrl.GetLeftPart(UriPartial.Authority),
        ["ASYNCAI_REQUEST_QUEUE_URL"] = RequestQueueUrl.AbsoluteUri,
        ["ASYNCAI_RESPONSE_QUEUE_URL"] = withResponseQueue ? ResponseQueueUrl.AbsoluteUri : "",
        ["ASYNCAI_BUCKET"] = Bucket,
        ["ASYNCAI_VISIBILITY_TIMEOUT"] = "3",
        ["ASYNCAI_WAIT_TIME"] = "1",
        ["ASYNCAI_RETRY_BASE_DELAY"] = "1",
        ["ASYNCAI_MAX_ATTEMPTS"] = "3",
    };

    /// <summary>Starts samples/python-worker/worker.py and waits until it polls.</summary>
    /// <param name="overrides">Settings that replace or add to <see cref="PythonSettings"/>.</param>
    public async Task<PythonProcess> StartPythonWorkerAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var worker = await PythonProcess.StartAsync("worker.py", WithOverrides(overrides), readyLine: "asyncai python worker ready");
        _python.Add(worker);
        return worker;
    }

    /// <summary>Starts samples/python-worker/worker.py without waiting for it to poll (for settings it must refuse).</summary>
    public async Task<PythonProcess> LaunchPythonWorkerAsync(IReadOnlyDictionary<string, string> overrides)
    {
        var worker = await PythonProcess.StartAsync("worker.py", WithOverrides(overrides));
        _python.Add(worker);
        return worker;
    }

    private Dictionary<string, string> WithOverrides(IReadOnlyDictionary<string, string>? overrides)
    {
        var settings = PythonSettings();
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        return settings;
    }

    /// <summary>Runs samples/python-worker/producer.py to its end.</summary>
    public async Task<(int ExitCode, PythonProcess Process)> RunPythonProducerAsync(params string[] arguments)
    {
        var producer = await PythonProcess.StartAsync("producer.py", PythonSettings(), arguments);
        _python.Add(producer);
        return (await producer.WaitForExitAsync(TimeSpan.FromSeconds(120)), producer);
    }

    /// <summary>Starts a backend with AsyncAi.Client on these queues.</summary>
    public Task<IHost> StartClientAsync(Action<AsyncAiClientOptions>? configure = null) =>
        StartHostAsync(services => services.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = RequestQueueUrl;
            o.ResponseQueueUrl = ResponseQueueUrl;
            o.Bucket = Bucket;
            o.ListenerWaitTime = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        }));

    /// <summary>Starts an AsyncAi .NET worker on these queues with the given handlers.</summary>
    public Task<IHost> StartWorkerAsync(Action<Worker.IAsyncAiWorkerBuilder> handlers) =>
        StartHostAsync(services => handlers(services.AddAsyncAiWorker(o =>
        {
            o.RequestQueueUrl = RequestQueueUrl;
            o.ResponseQueueUrl = ResponseQueueUrl;
            o.Bucket = Bucket;
            o.VisibilityTimeout = TimeSpan.FromSeconds(3);
            o.ReceiveWaitTime = TimeSpan.FromSeconds(1);
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.MaxRetryDelay = TimeSpan.FromSeconds(2);
            o.ShutdownGracePeriod = TimeSpan.FromSeconds(5);
            o.CancelCheckInterval = TimeSpan.FromMilliseconds(200);
        })));

    public async Task PutAsync(string key, string content) =>
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = content });

    public async Task<string?> TryGetAsync(string key)
    {
        try
        {
            using var response = await S3.GetObjectAsync(Bucket, key);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<byte[]> GetBytesAsync(ObjectReference location)
    {
        using var response = await S3.GetObjectAsync(location.Bucket, location.Key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>Sends a raw body with string attributes, as any producer could.</summary>
    public Task SendRawAsync(Uri queue, string body, IReadOnlyDictionary<string, string>? attributes = null) =>
        Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queue.AbsoluteUri,
            MessageBody = body,
            MessageAttributes = (attributes ?? new Dictionary<string, string>()).ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }),
        });

    /// <summary>Receives until <paramref name="count"/> messages arrived (deleting them) or the time is up.</summary>
    public async Task<List<Message>> DrainAsync(Uri queue, int count, TimeSpan timeout)
    {
        var received = new List<Message>();
        var end = DateTime.UtcNow + timeout;
        while (received.Count < count && DateTime.UtcNow < end)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue.AbsoluteUri,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            foreach (var message in response.Messages ?? [])
            {
                received.Add(message);
                await Sqs.DeleteMessageAsync(queue.AbsoluteUri, message.ReceiptHandle);
            }
        }

        return received;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var python in _python)
        {
            await python.DisposeAsync();
        }

        foreach (var host in Enumerable.Reverse(_hosts))
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
            }

            host.Dispose();
        }

        Sqs.Dispose();
        S3.Dispose();
    }

    private async Task<IHost> StartHostAsync(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IAmazonSQS>(_ => Emulator.CreateSqsClient());
        builder.Services.AddSingleton<IAmazonS3>(_ => Emulator.CreateS3Client());
        configure(builder.Services);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }
}
