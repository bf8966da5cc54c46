using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Aws.Provisioning;
using AsyncAi.Client;
using AsyncAi.Testing.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// One scenario's world: its own emulator, queues and bucket made by the SDK's provisioner, the worker and backend
/// processes it starts, an in-process publisher for jobs the scenario builds itself, and the record file the
/// backend appends completions to.
/// </summary>
internal sealed class Stage : IAsyncDisposable
{
    /// <summary>Receive attempts before SQS itself moves a message to the DLQ; above every MaxAttempts used here.</summary>
    public const int MaxReceiveCount = 10;

    private readonly List<HostProcess> _processes = [];
    private readonly ServiceProvider _client;
    private int _workers;
    private int _backends;

    private Stage(string scenario, FauxqsEmulator emulator, AsyncAiResources resources, ServiceProvider client)
    {
        Scenario = scenario;
        Emulator = emulator;
        Resources = resources;
        _client = client;
        Sqs = emulator.CreateSqsClient();
        S3 = emulator.CreateS3Client();
        Folder = Path.Combine(RepositoryPaths.Artifacts, scenario);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
        RecordPath = Path.Combine(Folder, "completions.jsonl");
        File.WriteAllText(RecordPath, "");
    }

    public string Scenario { get; }

    public FauxqsEmulator Emulator { get; }

    public AsyncAiResources Resources { get; }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    /// <summary>artifacts/reliability/&lt;scenario&gt;: process logs and the record file.</summary>
    public string Folder { get; }

    public string RecordPath { get; }

    public IJobPublisher Publisher => _client.GetRequiredService<IJobPublisher>();

    public Checks Checks => new(this);

    /// <param name="scenario">The scenario's folder name under artifacts/reliability.</param>
    /// <param name="persistence">Whether the emulator keeps its state across restarts.</param>
    /// <param name="lanes">Priority lanes to provision beside the request queue (each with a DLQ); the in-process publisher knows them.</param>
    public static async Task<Stage> CreateAsync(string scenario, bool persistence = false, IReadOnlyList<string>? lanes = null)
    {
        var emulator = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = persistence });
        using var sqs = emulator.CreateSqsClient();
        using var s3 = emulator.CreateS3Client();
        var names = new AsyncAiResourceNames
        {
            RequestQueueName = "requests",
            ResponseQueueName = "responses",
            Bucket = "reliability",
            MaxReceiveCount = MaxReceiveCount,
            RequestVisibilityTimeout = TimeSpan.FromSeconds(30),
        };
        foreach (var lane in lanes ?? [])
        {
            names.Lanes.Add(lane);
        }

        var resources = await AsyncAiProvisioner.EnsureAsync(sqs, s3, names);

        // A producer only (no response queue, so its listener stays idle): for jobs a scenario builds by hand.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAmazonSQS>(_ => emulator.CreateSqsClient());
        services.AddSingleton<IAmazonS3>(_ => emulator.CreateS3Client());
        services.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = resources.RequestQueueUrl;
            o.Bucket = resources.Bucket;
            foreach (var lane in resources.Lanes)
            {
                o.Lanes[lane.Name] = lane.QueueUrl;
            }
        });
        return new Stage(scenario, emulator, resources, services.BuildServiceProvider());
    }

    /// <summary>The settings a worker process starts from; <paramref name="overrides"/> win (keys below AsyncAi:Worker, e.g. "Concurrency").</summary>
    public HostProcess StartWorker(IReadOnlyDictionary<string, string>? overrides = null, IReadOnlyDictionary<string, string>? host = null)
    {
        var name = "worker-" + (++_workers).ToString(CultureInfo.InvariantCulture);
        var worker = new Dictionary<string, string>
        {
            ["RequestQueueUrl"] = Resources.RequestQueueUrl.AbsoluteUri,
            ["ResponseQueueUrl"] = Resources.ResponseQueueUrl!.AbsoluteUri,
            ["Bucket"] = Resources.Bucket,
            ["WorkerId"] = name,
            ["Concurrency"] = "16",
            ["VisibilityTimeout"] = "00:00:05",
            ["ReceiveWaitTime"] = "00:00:02",
            ["MaxAttempts"] = "5",
            ["RetryBaseDelay"] = "00:00:01",
            ["MaxRetryDelay"] = "00:00:04",
            ["ShutdownGracePeriod"] = "00:00:05",
            ["CancelCheckInterval"] = "00:00:05",
            ["Aws:ServiceUrl"] = Emulator.ServiceUrl.AbsoluteUri,
            ["Aws:Region"] = FauxqsEmulator.Region,
            ["Aws:ForcePathStyle"] = "true",
        };
        Merge(worker, overrides);
        var reliability = new Dictionary<string, string> { ["ShutdownTimeout"] = "00:01:00" };
        Merge(reliability, host);
        var environment = Environment("AsyncAi__Worker__", worker);
        foreach (var (key, value) in Environment("Reliability__", reliability))
        {
            environment[key] = value;
        }

        return Track(HostProcess.Start(name, "AsyncAi.Reliability.WorkerHost", environment, Folder));
    }

    /// <summary>
    /// A backend process that records completions in <see cref="RecordPath"/> and publishes what <paramref name="reliability"/>
    /// says; <paramref name="outbox"/> sets its transactional outbox's options (keys below AsyncAi:Outbox, e.g. "LeaseDuration").
    /// </summary>
    public HostProcess StartBackend(string recordMode = "Watch", IReadOnlyDictionary<string, string>? reliability = null, IReadOnlyDictionary<string, string>? outbox = null)
    {
        var name = "backend-" + (++_backends).ToString(CultureInfo.InvariantCulture);
        var client = new Dictionary<string, string>
        {
            ["RequestQueueUrl"] = Resources.RequestQueueUrl.AbsoluteUri,
            ["ResponseQueueUrl"] = Resources.ResponseQueueUrl!.AbsoluteUri,
            ["Bucket"] = Resources.Bucket,
            ["ListenerWaitTime"] = "00:00:01",
            ["ListenerErrorDelay"] = "00:00:01",
            ["Aws:ServiceUrl"] = Emulator.ServiceUrl.AbsoluteUri,
            ["Aws:Region"] = FauxqsEmulator.Region,
            ["Aws:ForcePathStyle"] = "true",
        };
        var settings = new Dictionary<string, string> { ["RecordFile"] = RecordPath, ["RecordMode"] = recordMode };
        Merge(settings, reliability);
        var outboxOptions = new Dictionary<string, string>();
        Merge(outboxOptions, outbox);
        var environment = Environment("AsyncAi__Client__", client);
        foreach (var (key, value) in Environment("Reliability__", settings).Concat(Environment("AsyncAi__Outbox__", outboxOptions)))
        {
            environment[key] = value;
        }

        return Track(HostProcess.Start(name, "AsyncAi.Reliability.BackendHost", environment, Folder));
    }

    public IReadOnlyList<RecordedCompletion> Records() => RecordReader.Read(RecordPath);

    /// <summary>Waits until every job in <paramref name="jobIds"/> has a record, or the timeout passes.</summary>
    public async Task<bool> WaitForRecordsAsync(IReadOnlyCollection<string> jobIds, TimeSpan timeout, IEnumerable<HostProcess>? mustStayUp = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < timeout)
        {
            var seen = Records().Select(r => r.JobId).ToHashSet(StringComparer.Ordinal);
            if (jobIds.All(seen.Contains))
            {
                return true;
            }

            foreach (var process in mustStayUp ?? [])
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode} while jobs were outstanding; see {process.LogPath}.");
                }
            }

            await Task.Delay(200);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _client.DisposeAsync();
        Sqs.Dispose();
        S3.Dispose();
        await Emulator.DisposeAsync();
    }

    private HostProcess Track(HostProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static void Merge(Dictionary<string, string> target, IReadOnlyDictionary<string, string>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            target[key] = value;
        }
    }

    private static Dictionary<string, string> Environment(string prefix, Dictionary<string, string> settings) =>
        settings.ToDictionary(p => prefix + p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);
}
