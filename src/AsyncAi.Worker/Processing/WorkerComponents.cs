using Amazon.SQS;
using AsyncAi.Aws;
using AsyncAi.Aws.ClaimCheck;
using AsyncAi.Aws.Messages;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Finishing;
using AsyncAi.Worker.Notifications;
using AsyncAi.Worker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Processing;

/// <summary>
/// The worker's parts, built once from validated options. S3 is touched only through lazy accessors, so a worker
/// in presigned-URL mode never builds an S3 client unless a job reads an input.
/// </summary>
internal sealed class WorkerComponents : IAsyncDisposable
{
    private readonly AwsClientFactory _aws;
    private readonly Lazy<ClaimCheckStore> _claimChecks;
    private readonly Lazy<IncomingJobReader> _reader;
    private readonly HttpClient? _uploadHttp;

    public WorkerComponents(IServiceProvider services, IOptions<AsyncAiWorkerOptions> options, JobHandlerRegistry handlers, InFlightRegistry inFlight, WorkerTelemetry telemetry, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        Options = options.Value;
        Handlers = handlers;
        InFlight = inFlight;
        Telemetry = telemetry;
        TimeProvider = timeProvider;
        WorkerId = Options.WorkerId ?? Environment.MachineName;
        var logger = loggerFactory.CreateLogger("AsyncAi.Worker");
        _aws = new AwsClientFactory(services, Options.Aws);
        Sqs = _aws.Sqs;
        _claimChecks = new Lazy<ClaimCheckStore>(() => new ClaimCheckStore(_aws.S3));
        var presigned = Options.UploadMode == OutputUploadMode.PresignedUrls;
        Store = new JobStore(() => _aws.S3, recordsEnabled: !presigned);
        _reader = new Lazy<IncomingJobReader>(() => new IncomingJobReader(ClaimChecks()));
        Messages = new QueueMessageActions(Sqs, Options.RequestQueueUrl!, timeProvider, logger);
        DeadLetters = new DeadLetterMover(Sqs, Options.RequestQueueUrl!, Options.DeadLetterQueueUrl, logger);
        Events = Options.ResponseQueueUrl is { } responseQueue
            ? new SqsJobEventSink(Sqs, responseQueue, timeProvider, logger)
            : new WebhookJobEventSink(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, Options.Webhook!, timeProvider, logger);
        if (presigned)
        {
            _uploadHttp = new HttpClient { Timeout = Options.PresignedUploads.RequestTimeout };
            var urls = services.GetService<IOutputUploadUrlSource>() ?? new HttpOutputUploadUrlSource(_uploadHttp, Options.PresignedUploads);
            Uploader = new PresignedUrlOutputUploader(urls, _uploadHttp);
        }
        else
        {
            Uploader = new DirectS3OutputUploader(_aws.S3, Options.UploadPartSizeBytes);
        }
    }

    public AsyncAiWorkerOptions Options { get; }

    public JobHandlerRegistry Handlers { get; }

    public InFlightRegistry InFlight { get; }

    public WorkerTelemetry Telemetry { get; }

    public TimeProvider TimeProvider { get; }

    public string WorkerId { get; }

    public IAmazonSQS Sqs { get; }

    public JobStore Store { get; }

    /// <summary>The shared reader of request-queue messages (version check, claim checks).</summary>
    public IncomingJobReader Reader => _reader.Value;

    public QueueMessageActions Messages { get; }

    public DeadLetterMover DeadLetters { get; }

    public IJobEventSink Events { get; }

    public IOutputUploader Uploader { get; }

    public ClaimCheckStore ClaimChecks() => _claimChecks.Value;

    public void Start()
    {
        Messages.Start();
        Events.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Messages.DisposeAsync().ConfigureAwait(false);
        await Events.DisposeAsync().ConfigureAwait(false);
        _uploadHttp?.Dispose();
        _aws.Dispose();
    }
}
