using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Pipeline;
using AsyncAi.Worker.Sqs;
using AsyncAi.Worker.Storage;
using AsyncAi.Worker.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Worker.Tests.Support;

/// <summary>
/// The real SQS delivery and settler over fakes (a <see cref="FakeMessageLease"/> per message, a recording event
/// sink, an S3 client that must never be called), for unit tests that need no emulator. Only first deliveries of
/// inline bodies touch no S3, which is what these tests send.
/// </summary>
internal sealed class SqsPipelineUnderTest : IDisposable
{
    public const string Bucket = "unit-bucket";

    private readonly ServiceProvider _services;

    public SqsPipelineUnderTest(Action<AsyncAiWorkerOptions>? configure = null, bool eventsFail = false)
    {
        var options = new AsyncAiWorkerOptions { Bucket = Bucket, RequestQueueUrl = new Uri("http://localhost/queue"), UseCompletionRecords = false };
        configure?.Invoke(options);
        Options = options;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Events = new RecordingEventSink(eventsFail);

        var handlers = new JobHandlerRegistry();
        var collection = new ServiceCollection();
        handlers.Add(SucceedingType);
        collection.AddKeyedSingleton<IJobHandler>(SucceedingType, new SucceedingHandler());
        _services = collection.BuildServiceProvider();

        var folders = new S3JobFolders(() => throw new InvalidOperationException("These tests make no S3 request."));
        Telemetry = new WorkerTelemetry(null);
        var time = TimeProvider.System;
        var runner = new JobRunner(
            _services.GetRequiredService<IServiceScopeFactory>(),
            handlers,
            new NoFiles(),
            Events,
            new JobRunnerSettings("unit-worker", options.MaxAttempts, TimeSpan.Zero),
            Telemetry,
            time,
            NullLogger<JobRunner>.Instance);
        Settler = new SqsJobSettler(folders, Events, wrapped, Telemetry, time, NullLogger<SqsJobSettler>.Instance);
        var heartbeat = new VisibilityHeartbeat(
            new InFlightRegistry(),
            new VisibilityRenewalPolicy(time, options.VisibilityTimeout, options.MaxJobRunTime),
            folders,
            cancelChecksEnabled: false,
            options.CancelCheckInterval,
            time,
            NullLogger<VisibilityHeartbeat>.Instance);
        Tenants = new TenantLimiter(wrapped, Telemetry, time);
        Delivery = new SqsJobDelivery(new IncomingJobReader(folders), handlers, runner, Settler, folders, heartbeat, Tenants, wrapped, Telemetry, time, NullLogger<SqsJobDelivery>.Instance);
    }

    /// <summary>The one job type with a handler: it succeeds and writes nothing.</summary>
    public const string SucceedingType = "succeeds";

    public AsyncAiWorkerOptions Options { get; }

    public RecordingEventSink Events { get; }

    public WorkerTelemetry Telemetry { get; }

    public SqsJobSettler Settler { get; }

    public SqsJobDelivery Delivery { get; }

    public TenantLimiter Tenants { get; }

    public static JobMessage Job(string jobType = SucceedingType)
    {
        var id = JobId.New();
        return new JobMessage { JobId = id, JobType = jobType, CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = new ObjectReference(Bucket, JobStorageLayout.JobPrefix("jobs/", id, null)) };
    }

    /// <summary>A lease on a fresh message carrying <paramref name="job"/>.</summary>
    public static FakeMessageLease LeaseOn(JobMessage job, int receiveCount = 1) => new(JobWireFormat.Serialize(job), receiveCount);

    /// <summary>A held job, as the delivery makes one, over <paramref name="lease"/>.</summary>
    public static InFlightJob HeldJob(FakeMessageLease lease, JobMessage job, int attempt = 1)
    {
        var held = new InFlightJob(lease, job.JobId, attempt, JobFolder.Of(job.OutputPrefix), lease.ReceivedAt);
        lease.Hold(held);
        return held;
    }

    public static Task NoWait(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _services.Dispose();
        Telemetry.Dispose();
    }

    /// <summary>Records every event; fails each send when asked to (a broken response queue).</summary>
    internal sealed class RecordingEventSink(bool fail) : IJobEventSink
    {
        public ConcurrentQueue<OutgoingEvent> Sent { get; } = new();

        public Task SendAsync(OutgoingEvent outgoing)
        {
            if (fail)
            {
                return Task.FromException(new InvalidOperationException("the response queue is unreachable"));
            }

            Sent.Enqueue(outgoing);
            return Task.CompletedTask;
        }
    }

    private sealed class SucceedingHandler : IJobHandler
    {
        public Task HandleAsync(IJobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Jobs here read no inputs and write no outputs.</summary>
    private sealed class NoFiles : IJobFiles
    {
        public Task<Stream> OpenInputAsync(JobMessage job, string name, CancellationToken cancellationToken) => throw new JobInputMissingException(name, "No inputs in these tests.");

        public IJobOutputWriter CreateOutputWriter(JobMessage job, CancellationToken jobToken) =>
            new JobOutputWriter(new NoUploads(), job.JobId, job.Owner, job.OutputPrefix, jobToken);
    }

    private sealed class NoUploads : IOutputUploader
    {
        public Task<JobOutput> UploadAsync(JobOutputTarget target, Stream content, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Jobs in these tests write no outputs.");
    }
}
