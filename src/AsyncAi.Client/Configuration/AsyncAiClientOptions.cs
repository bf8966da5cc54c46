using AsyncAi.Aws;

namespace AsyncAi.Client;

/// <summary>
/// Settings of the producer role, bound from the <c>AsyncAi:Client</c> configuration section by default and
/// validated when the host starts. Only <see cref="RequestQueueUrl"/> and <see cref="Bucket"/> are required.
/// </summary>
public sealed class AsyncAiClientOptions
{
    /// <summary>The configuration section <c>AddAsyncAiClient</c> reads when given a whole configuration.</summary>
    public const string DefaultSectionName = "AsyncAi:Client";

    /// <summary>The SQS queue jobs are published to. Required.</summary>
    public Uri? RequestQueueUrl { get; set; }

    /// <summary>
    /// Priority lanes: lane name (letters, digits, '-' or '_') to the URL of its request queue, for example
    /// <c>AsyncAi:Client:Lanes:high</c> and <c>AsyncAi:Client:Lanes:bulk</c>. A job with <see cref="JobRequest.Lane"/>
    /// goes to its lane's queue; a job without one to <see cref="RequestQueueUrl"/>. Workers list the same queues in
    /// their own lane settings. Empty by default.
    /// </summary>
    public IDictionary<string, Uri> Lanes { get; } = new Dictionary<string, Uri>(StringComparer.Ordinal);

    /// <summary>
    /// The SQS queue workers report job events on. Leave unset to run without the listener (for example when
    /// workers report by webhook, or when another instance listens and a shared <see cref="StatusStore"/> is used).
    /// </summary>
    public Uri? ResponseQueueUrl { get; set; }

    /// <summary>
    /// Where the listener moves response messages it cannot read, with the reason in a message attribute.
    /// Unset: the response queue's own dead-letter queue, found from its redrive policy at start; with neither,
    /// unreadable messages are left on the queue (and logged each time they come back), never deleted unseen.
    /// </summary>
    public Uri? ResponseDeadLetterQueueUrl { get; set; }

    /// <summary>The S3 bucket for inputs, outputs, claim checks and records. Required.</summary>
    public string? Bucket { get; set; }

    /// <summary>The key prefix under which every job's objects live; empty or ending in '/'.</summary>
    public string RootPrefix { get; set; } = "jobs/";

    /// <summary>
    /// Locations outside the job folders that jobs may still read inputs from, as <c>s3://bucket/prefix</c> (for
    /// example a shared model or sample folder). Everything else a job reads must lie under <see cref="RootPrefix"/>
    /// in <see cref="Bucket"/>, in the folder of the job's owner (or, for a job without owner, outside every owner's
    /// folder). The publisher and the worker apply the same rule.
    /// </summary>
    public IList<string> AllowedInputPrefixes { get; } = [];

    /// <summary>
    /// Whether each job is sent with its tenant as the SQS <c>MessageGroupId</c> (default <see langword="true"/>), so
    /// that a standard request queue served as an SQS fair queue keeps one tenant's backlog from delaying the others'
    /// jobs. The tenant is <see cref="TenantKey"/>'s answer, else the job's <see cref="JobRequest.Owner"/>; a job with
    /// neither is sent without a group. FIFO queues (names ending in <c>.fifo</c>) never get tenant groups: there a group
    /// means ordered, one-at-a-time delivery.
    /// </summary>
    public bool TenantMessageGroups { get; set; } = true;

    /// <summary>
    /// The tenant of a job when it is not the job's owner (for example an organisation above its users), or
    /// <see langword="null"/> to use <see cref="JobRequest.Owner"/>. A function returning <see langword="null"/> for a
    /// job falls back to the owner. The answer must be a valid SQS message group id (1 to 128 printable ASCII
    /// characters); a job whose key is not fails to publish before anything is sent. Set in code only.
    /// </summary>
    public Func<JobRequest, string?>? TenantKey { get; set; }

    /// <summary>How to reach SQS and S3 when the application has not registered its own clients in DI.</summary>
    public AwsConnectionOptions Aws { get; set; } = new();

    /// <summary>
    /// The largest message sent to the request queue; larger jobs go to S3 with a claim check. 1 MiB is the SQS
    /// maximum; lower it only for a queue whose MaximumMessageSize is lower (older queues default to 256 KiB).
    /// </summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long one receive call of the listener waits for messages: long polling, a whole number of seconds from 1
    /// to 20 (SQS takes whole seconds; never 0, which would spin on an empty queue).
    /// </summary>
    public TimeSpan ListenerWaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How many messages one receive call of the listener asks for (1-10).</summary>
    public int ListenerMaxMessages { get; set; } = 10;

    /// <summary>How long the listener waits after a failed receive before trying again; more than 0, at most 10 minutes.</summary>
    public TimeSpan ListenerErrorDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the latest state of each job is kept.</summary>
    public JobStatusStoreKind StatusStore { get; set; } = JobStatusStoreKind.InMemory;

    /// <summary>How many jobs the in-memory status store remembers; the oldest are forgotten first.</summary>
    public int InMemoryStatusCapacity { get; set; } = 10_000;

    /// <summary>
    /// How often a waiter or watcher reads a shared status store, so that events another instance received still
    /// reach it. Not used with the in-memory store, whose events are all local.
    /// </summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many recent event ids the <see cref="IJobEventReceiver"/> (which the listener uses) remembers to drop
    /// duplicate deliveries.
    /// </summary>
    public int DeduplicationCapacity { get; set; } = 10_000;

    /// <summary>How long a presigned upload URL is valid unless the caller says otherwise.</summary>
    public TimeSpan DefaultUploadExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a presigned download URL is valid unless the caller says otherwise.</summary>
    public TimeSpan DefaultDownloadExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest input a presigned POST accepts unless the caller says otherwise.</summary>
    public long DefaultMaxInputBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// The issuer of upload URLs for workers outside AWS (section <c>WorkerUploads</c>): when its
    /// <see cref="WorkerUploadsOptions.Token"/> is set, <see cref="WorkerUploadUrlIssuer"/> can be resolved from DI.
    /// </summary>
    public WorkerUploadsOptions WorkerUploads { get; set; } = new();
}
