using AsyncAi.Aws;

namespace AsyncAi.Worker;

/// <summary>
/// Settings of the worker role, bound from configuration (the <c>AsyncAi:Worker</c> section by default) and/or code,
/// and validated when the host starts: every bad setting is named in one error.
/// </summary>
public sealed class AsyncAiWorkerOptions
{
    /// <summary>The configuration section <c>AddAsyncAiWorker</c> reads when given a whole configuration.</summary>
    public const string DefaultSectionName = "AsyncAi:Worker";

    /// <summary>The URL of the SQS queue the worker takes jobs from. Required.</summary>
    public Uri? RequestQueueUrl { get; set; }

    /// <summary>
    /// Priority lanes: request queues of their own (for example <c>high</c>, <c>normal</c>, <c>bulk</c>), from the highest
    /// priority to the lowest; empty (the default) for <see cref="RequestQueueUrl"/> alone. Exactly one lane is the
    /// request queue (its <see cref="WorkerLaneOptions.QueueUrl"/> unset or equal to it). A freed slot goes to the lane
    /// <see cref="LanePolicy"/> picks, or to the next lane with work when that one is empty; an idle worker long-polls
    /// every lane (docs/decisions/0020-tenants-and-lanes.md).
    /// </summary>
    public IList<WorkerLaneOptions> Lanes { get; } = [];

    /// <summary>How free slots are shared among <see cref="Lanes"/>: by their weights (the default) or by strict priority.</summary>
    public LanePolicy LanePolicy { get; set; } = LanePolicy.Weighted;

    /// <summary>
    /// With <see cref="LanePolicy.Strict"/>, the share of receives in which each lower lane is asked first all the same
    /// (more than 0, at most 1 / the number of lanes; default 0.05), so that a high lane that never empties cannot
    /// starve the lanes below it.
    /// </summary>
    public double LaneMinimumShare { get; set; } = 0.05;

    /// <summary>
    /// The URL of the SQS queue the worker reports events and completions to. Exactly one of this and
    /// <see cref="Webhook"/> is required.
    /// </summary>
    public Uri? ResponseQueueUrl { get; set; }

    /// <summary>Report events and completions to a signed webhook instead of a response queue.</summary>
    public WebhookOptions? Webhook { get; set; }

    /// <summary>
    /// The dead-letter queue for messages that cannot be read. When unset, the worker reads the request queue's
    /// <c>RedrivePolicy</c> to find it.
    /// </summary>
    public Uri? DeadLetterQueueUrl { get; set; }

    /// <summary>
    /// The only bucket the worker reads inputs from (besides <c>AllowedInputPrefixes</c>) and writes outputs to.
    /// Required: a job whose message names another bucket is dead-lettered with the reason, and nothing is written.
    /// Outputs always go under the job's own prefix.
    /// </summary>
    public string? Bucket { get; set; }

    /// <summary>
    /// The key prefix under which every job's folder lives, as the producer's <c>RootPrefix</c> (default
    /// <c>jobs/</c>): a job whose message names any other output prefix than the one its id and owner give is
    /// dead-lettered, and nothing is written.
    /// </summary>
    public string RootPrefix { get; set; } = "jobs/";

    /// <summary>
    /// Locations outside the job folders that jobs may still read inputs from, as <c>s3://bucket/prefix</c> (for
    /// example a shared model or sample folder). Everything else a job reads must lie under <see cref="RootPrefix"/>
    /// in the job's bucket, in the folder of the job's owner (or, for a job without owner, outside every owner's
    /// folder). The publisher and the worker apply the same rule.
    /// </summary>
    public IList<string> AllowedInputPrefixes { get; } = [];

    /// <summary>
    /// How many jobs run at once. The default, twice the processor count and at least 4, keeps the processors
    /// busy with pre- and post-processing while other jobs wait on S3 or on a shared GPU batcher.
    /// </summary>
    public int Concurrency { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>
    /// How many messages the worker may hold beyond <see cref="Concurrency"/>, received ahead and kept invisible until
    /// a job slot frees (0 to 100, default 0). Prefetching lets a worker with few slots receive full batches of 10
    /// and start the next job without a round trip; each held message is one another worker cannot take meanwhile.
    /// </summary>
    public int PrefetchCount { get; set; }

    /// <summary>
    /// The most jobs of one tenant this worker holds at once (0, the default: no limit; at most
    /// <see cref="Concurrency"/> plus <see cref="PrefetchCount"/>). A job's tenant is its SQS message group (the
    /// publisher's tenant key), else its owner; jobs without either are not limited. A message of a tenant at its
    /// limit is released back to the queue for <see cref="TenantReleaseDelay"/> rather than wait in a slot, so a
    /// tenant with a flood of jobs cannot take every slot of the worker. The limit is per worker, not per fleet.
    /// </summary>
    public int MaxJobsPerTenant { get; set; }

    /// <summary>
    /// The shortest time a message released because its tenant held <see cref="MaxJobsPerTenant"/> stays hidden
    /// (whole seconds, 1 s to 15 min, default 1 s). Releases are paced: a tenant's released messages get return times
    /// one turn apart (its mean job time on this worker divided by the limit), so they come back about when the
    /// tenant has room; a message that still comes back early waits twice as long from its third receive on, up to
    /// <see cref="TenantReleaseMaxDelay"/>. Each release is a receive: it counts toward the queue's maxReceiveCount.
    /// </summary>
    public TimeSpan TenantReleaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a released message of a tenant at its limit stays hidden (at least <see cref="TenantReleaseDelay"/>,
    /// at most 12 h; default 15 min): the pacing of a long backlog is cut off here, so a message may come back, and be
    /// released again, once per this time.
    /// </summary>
    public TimeSpan TenantReleaseMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The longest a receive loop waits after failed receives before it tries again (it starts at 200 ms and
    /// doubles). Short, so a worker is back to work soon after an outage ends.
    /// </summary>
    public TimeSpan ReceiveErrorMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The visibility timeout the worker asks for on receive and on each extension. Short values notice a crashed
    /// worker sooner; the heartbeat keeps long jobs invisible however long they run. Whole seconds, 1 s to 12 h.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one attempt may run. Past it the heartbeat stops extending the message and the handler is
    /// cancelled; the attempt counts as a retryable failure. At most 12 h minus <see cref="VisibilityTimeout"/>
    /// (the SQS limit of a message's total invisibility).
    /// </summary>
    public TimeSpan MaxJobRunTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many attempts a job gets (counted by SQS receives, 1 to 100) before a retryable error fails it for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The delay before the second attempt; it doubles per attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long shutdown waits for running jobs to finish before it cancels them and makes their messages visible
    /// again. Keep it below the host's shutdown timeout.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long one receive call long-polls: a whole number of seconds from 1 to 20 (SQS takes whole seconds; 0,
    /// a short poll, would spin on an empty queue).
    /// </summary>
    public TimeSpan ReceiveWaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often a running job's cancellation marker is looked for (one S3 ListObjectsV2 per job, the first about a second after it starts). The heartbeat ticks at the
    /// shorter of this and a quarter of <see cref="VisibilityTimeout"/>, so a cancel request is seen within about
    /// this interval.
    /// </summary>
    public TimeSpan CancelCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest time between two progress events of one job; reports in between are dropped.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the worker keeps a completion record per job (<c>_completion.json</c>, written once with
    /// <c>If-None-Match</c>) and looks for cancellation markers (default <see langword="true"/>). The record is what
    /// makes a job's effect exactly-once across redeliveries and what lets a cancel before the start win; turning it
    /// off saves one S3 PutObject per job for handlers whose effect is idempotent anyway. Workers in
    /// <see cref="OutputUploadMode.PresignedUrls"/> mode have no S3 access and keep no records.
    /// </summary>
    public bool UseCompletionRecords { get; set; } = true;

    /// <summary>How outputs reach S3.</summary>
    public OutputUploadMode UploadMode { get; set; } = OutputUploadMode.DirectS3;

    /// <summary>The backend endpoint that hands out presigned upload URLs, for <see cref="OutputUploadMode.PresignedUrls"/>.</summary>
    public PresignedUploadOptions PresignedUploads { get; set; } = new();

    /// <summary>
    /// The part size of multipart uploads; outputs smaller than one part go up in a single request.
    /// At least 5 MiB (the S3 minimum).
    /// </summary>
    public int UploadPartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>This worker's name in events and completions; the machine name when unset.</summary>
    public string? WorkerId { get; set; }

    /// <summary>How to reach SQS and S3 when no <c>IAmazonSQS</c>/<c>IAmazonS3</c> is registered.</summary>
    public AwsConnectionOptions Aws { get; set; } = new();
}
