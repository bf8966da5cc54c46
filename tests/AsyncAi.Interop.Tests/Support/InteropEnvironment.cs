using System.Net;
using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Client;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Interop.Tests.Support;

/// <summary>
/// Fresh queues (a request queue whose RedrivePolicy names a dead-letter queue, a response queue) and a bucket on the
/// shared emulator, with the .NET roles and the Python scripts started on demand against them.
/// </summary>
public sealed class InteropEnvironment : EmulatorEnvironment
{
    private readonly List<PythonProcess> _python = [];

    private InteropEnvironment(FauxqsEmulator emulator, JobQueues queues)
        : base(emulator, queues)
    {
    }

    public static async Task<InteropEnvironment> CreateAsync(FauxqsFixture fixture) =>
        new(fixture.Emulator, await JobQueues.CreateAsync(fixture.Emulator, "interop"));

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
        Hosts.StartAsync(services => services.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = RequestQueueUrl;
            o.ResponseQueueUrl = ResponseQueueUrl;
            o.Bucket = Bucket;
            o.ListenerWaitTime = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        }));

    /// <summary>Starts an AsyncAi .NET worker on these queues with the given handlers.</summary>
    public Task<IHost> StartWorkerAsync(Action<Worker.IAsyncAiWorkerBuilder> handlers) =>
        Hosts.StartAsync(services => handlers(services.AddAsyncAiWorker(o =>
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
        Sqs.SendRawAsync(queue, body, attributes);

    /// <summary>Receives until <paramref name="count"/> messages arrived (deleting them) or the time is up.</summary>
    public Task<List<Message>> DrainAsync(Uri queue, int count, TimeSpan timeout) => Sqs.DrainAsync(queue, count, timeout);

    protected override async ValueTask DisposeCoreAsync()
    {
        foreach (var python in _python)
        {
            await python.DisposeAsync();
        }

        await base.DisposeCoreAsync();
    }
}
