using System.Diagnostics;
using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Sqs;
using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Publishes jobs to the request queue: one message per job, sent through the shared SQS transport
/// (<see cref="SqsQueue"/>, the batcher the worker and the response listener use) in batches of at most 10 entries
/// and 1 MiB; a job whose message is larger than <see cref="AsyncAiClientOptions.MaxMessageBytes"/> is stored in S3
/// at <c>{jobPrefix}_request.json</c> and the queue carries a claim check instead.
/// </summary>
internal sealed class SqsJobPublisher : IJobPublisher
{
    /// <summary>A first send, and one more for the entries SQS failed for reasons of its own (throttling, an internal error).</summary>
    private const int SendAttempts = 2;

    /// <summary>
    /// How many SendMessageBatch calls may be in flight at once, across every caller of this instance. Before the
    /// shared batcher each publish made its own calls, unbounded; a generous bound keeps concurrent publishes from
    /// queueing behind each other's round trips, and only what exceeds it is gathered into the next batches.
    /// </summary>
    private const int MaxSendCallsInFlight = 16;

    private readonly ClientAwsClients _aws;
    private readonly AsyncAiClientOptions _options;
    private readonly IdempotencyKeys _idempotency;
    private readonly S3JobFolders _folders;
    private readonly JobLocationRules _rules;
    private readonly JobEventDispatcher _events;
    private readonly JobCancellation _cancellation;
    private readonly ClientTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _queueUrl;
    private readonly string _queueName;
    private readonly bool _tenantGroups;

    // Lazy, like the SQS client it needs: resolving the publisher must not build AWS clients. One per lane.
    private readonly Lazy<SqsQueue> _requestQueue;
    private readonly Dictionary<string, Lazy<SqsQueue>> _lanes;

    public SqsJobPublisher(
        ClientAwsClients aws,
        IOptions<AsyncAiClientOptions> options,
        JobEventDispatcher events,
        JobCancellation cancellation,
        ClientTelemetry telemetry,
        TimeProvider time,
        ILogger<SqsJobPublisher> logger)
    {
        _aws = aws;
        _options = options.Value;
        _events = events;
        _cancellation = cancellation;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _idempotency = new IdempotencyKeys(aws, _options.Bucket!, _options.RootPrefix);
        _folders = new S3JobFolders(() => aws.S3);
        _rules = new JobLocationRules(_options.Bucket!, _options.RootPrefix, AllowedPrefixes.Parse(_options.AllowedInputPrefixes));
        _queueUrl = _options.RequestQueueUrl!.AbsoluteUri;
        _queueName = _queueUrl.TrimEnd('/').Split('/')[^1];
        _tenantGroups = _options.TenantMessageGroups;

        // Never disposed: every publish awaits its own sends, so nothing is left queued for a disposal to drain.
        _requestQueue = new Lazy<SqsQueue>(() => new SqsQueue(aws.Sqs, _queueUrl, sendCallsInFlight: MaxSendCallsInFlight));
        _lanes = _options.Lanes.ToDictionary(
            lane => lane.Key,
            lane => new Lazy<SqsQueue>(() => new SqsQueue(aws.Sqs, lane.Value.AbsoluteUri, sendCallsInFlight: MaxSendCallsInFlight)),
            StringComparer.Ordinal);
    }

    public async Task<PublishedJob> PublishAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var published = await PublishManyAsync([request], cancellationToken).ConfigureAwait(false);
        return published[0];
    }

    public async Task<IReadOnlyList<PublishedJob>> PublishManyAsync(IEnumerable<JobRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = _time.GetUtcNow();

        // Every request is checked before anything is sent, so that one bad request fails the call without
        // leaving half of a batch published.
        var jobs = new List<OutgoingJob>();
        foreach (var request in requests)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
            if (request.Lane is { } lane && !_lanes.ContainsKey(lane))
            {
                throw new ArgumentException($"Job lane '{lane}' is not one of this producer's lanes ({(_lanes.Count == 0 ? "none is configured" : string.Join(", ", _lanes.Keys))}); add it to AsyncAi:Client:Lanes.", nameof(requests));
            }

            var job = JobMessageFactory.Create(request, _options.Bucket!, _options.RootPrefix, now, _time, _rules);
            job.GroupId = _tenantGroups && !MessageGroups.IsFifo(request.Lane is { } l ? _options.Lanes[l].AbsoluteUri : _queueUrl) ? MessageGroups.Of(request, _options.TenantKey) : null;
            jobs.Add(job);
        }

        if (jobs.Count == 0)
        {
            return [];
        }

        using var batchActivity = jobs.Count > 1 ? ClientTelemetry.ActivitySource.StartActivity($"{_queueName} publish", ActivityKind.Client) : null;
        batchActivity?.SetTag("messaging.system", "aws_sqs");
        batchActivity?.SetTag("messaging.destination.name", _queueName);
        batchActivity?.SetTag("messaging.batch.message_count", jobs.Count);

        await ClaimIdempotencyKeysAsync(jobs, cancellationToken).ConfigureAwait(false);

        var toSend = jobs.Where(j => j.NeedsSending).ToList();
        try
        {
            foreach (var job in toSend)
            {
                await PrepareMessageAsync(job, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Nothing was sent yet; every job of the call is reported failed, together with the duplicates found.
            foreach (var job in toSend)
            {
                job.NotSent(ex);
            }
        }

        await SendAsync(toSend.Where(j => j.NeedsSending).ToList(), cancellationToken).ConfigureAwait(false);
        await RecordQueuedAsync(toSend.Where(j => j.Published is not null), cancellationToken).ConfigureAwait(false);

        var failed = toSend.Where(j => j.HasFailed).ToList();
        if (failed.Count == 0)
        {
            return jobs.ConvertAll(j => j.Published!);
        }

        await ReleaseKeysAsync(failed).ConfigureAwait(false);
        await DeleteClaimCheckBodiesAsync(failed.Where(j => !j.MayHaveBeenSent)).ConfigureAwait(false);

        // A repeat of a key answers with the first job, so it fails with it: listed here in the caller's order.
        var failures = jobs.Where(j => j.HasFailed).Select(j => new FailedJob(j.Job.JobId, j.Job.JobType, j.FailureReason!)).ToList();
        var published = jobs.Where(j => j.Published is not null).Select(j => j.Published!).ToList();
        var error = failed.Select(j => j.Error).FirstOrDefault(e => e is not null);
        if (error is OperationCanceledException canceled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Publishing was cancelled; {published.Count} job(s) were published first.", canceled, cancellationToken);
        }

        throw new JobPublishException(published, failures, error);
    }

    /// <inheritdoc/>
    public Task CancelAsync(JobId jobId, string? owner = null, CancellationToken cancellationToken = default) =>
        _cancellation.CancelAsync(jobId, owner, cancellationToken);

    private async Task ClaimIdempotencyKeysAsync(List<OutgoingJob> jobs, CancellationToken cancellationToken)
    {
        // A key repeated within one call is claimed once; its repeats are duplicates of the first.
        var firstOfKey = new Dictionary<(string? Owner, string Key), OutgoingJob>();
        var repeats = new List<(OutgoingJob Repeat, OutgoingJob First)>();
        var claims = new List<Task>();
        foreach (var job in jobs)
        {
            if (job.Request.IdempotencyKey is not { } key)
            {
                continue;
            }

            if (firstOfKey.TryGetValue((job.Job.Owner, key), out var first))
            {
                repeats.Add((job, first));
            }
            else
            {
                firstOfKey[(job.Job.Owner, key)] = job;
                claims.Add(ClaimAsync(job));
            }
        }

        try
        {
            await Task.WhenAll(claims).ConfigureAwait(false);
        }
        catch
        {
            // Nothing is sent after a failed claim, so the keys the other claims took would otherwise stay held by
            // jobs that never existed, and every retry would be answered as a duplicate of one. Every claim has
            // ended here (WhenAll waits for all), so ClaimedKey is settled.
            await ReleaseKeysAsync(jobs).ConfigureAwait(false);
            throw;
        }

        foreach (var (repeat, first) in repeats)
        {
            repeat.Repeats(first);
            _telemetry.DuplicatePublishes.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", repeat.Published!.JobType));
        }

        async Task ClaimAsync(OutgoingJob job)
        {
            var candidate = new IdempotencyRecord
            {
                JobId = job.Job.JobId,
                JobType = job.Job.JobType,
                Owner = job.Job.Owner,
                Prefix = job.Prefix,
                QueuedAt = job.Job.CreatedAt,
            };
            var existing = await _idempotency.ClaimAsync(job.Request.IdempotencyKey!, candidate, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                job.ClaimedKey = true;
            }
            else
            {
                job.AnsweredBy(existing);
                _telemetry.DuplicatePublishes.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", existing.JobType));
                Log.DuplicatePublish(_logger, existing.JobId);
            }
        }
    }

    private async Task PrepareMessageAsync(OutgoingJob job, CancellationToken cancellationToken)
    {
        // One producer span per job, whose context travels in the message, so that each worker span continues the
        // trace of the job it runs even when jobs were sent in one batch.
        using (var activity = ClientTelemetry.ActivitySource.StartActivity($"{_queueName} create", ActivityKind.Producer))
        {
            activity?.SetTag("messaging.system", "aws_sqs");
            activity?.SetTag("messaging.destination.name", _queueName);
            activity?.SetTag("asyncai.job.id", job.Job.JobId.Value);
            activity?.SetTag("asyncai.job.type", job.Job.JobType);
            job.Body = JobWireFormat.Serialize(job.Job);
            job.Attributes = OutgoingMessages.JobAttributes(job.Job, claimChecked: false, job.Request.IsResend);
            TraceContext.Inject(activity, job.Attributes);
        }

        if (job.SizeBytes <= _options.MaxMessageBytes)
        {
            return;
        }

        var claimCheck = await _folders.StoreRequestAsync(JobFolder.Of(job.Prefix), job.Body, cancellationToken).ConfigureAwait(false);
        var traceAttributes = job.Attributes.Where(a => a.Key is MessageAttributeNames.TraceParent or MessageAttributeNames.TraceState).ToList();
        job.Body = JobWireFormat.Serialize(claimCheck);
        job.Attributes = OutgoingMessages.JobAttributes(job.Job, claimChecked: true, job.Request.IsResend);
        foreach (var (name, value) in traceAttributes)
        {
            job.Attributes[name] = value;
        }

        job.ClaimChecked = true;
        _telemetry.ClaimChecks.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", job.Job.JobType));
        if (job.SizeBytes > _options.MaxMessageBytes)
        {
            throw new InvalidOperationException($"The claim check of job {job.Job.JobId} is {job.SizeBytes} bytes, more than MaxMessageBytes ({_options.MaxMessageBytes}); shorten its type or trace state.");
        }
    }

    private async Task SendAsync(List<OutgoingJob> jobs, CancellationToken cancellationToken)
    {
        // The shared batcher packs the call's jobs into as few SendMessageBatch calls as 10 entries and 1 MiB allow;
        // a lone job goes out at once in a call of its own. Entries SQS failed for reasons of its own get one more try.
        var pending = jobs;
        for (var attempt = 1; attempt <= SendAttempts && pending.Count > 0; attempt++)
        {
            var sends = SendToLanes(pending, cancellationToken);
            var retry = new List<OutgoingJob>();
            for (var i = 0; i < pending.Count; i++)
            {
                Exception? error = null;
                try
                {
                    await sends[i].ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Each job's error becomes its own outcome, reported in JobPublishException.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    error = ex;
                }

                var job = pending[i];
                if (!job.Settle(error, mayRetry: attempt < SendAttempts, cancellationToken))
                {
                    retry.Add(job);
                }
                else if (job.Published is not null)
                {
                    Sent(job);
                }
            }

            pending = retry;
        }
    }

    /// <summary>Each job to its lane's queue (most calls have one lane: one SendAllAsync); one task per job, in order.</summary>
    private IReadOnlyList<Task> SendToLanes(List<OutgoingJob> jobs, CancellationToken cancellationToken)
    {
        if (_lanes.Count == 0 || jobs.TrueForAll(j => j.Request.Lane is null))
        {
            return _requestQueue.Value.SendAllAsync(jobs.ConvertAll(j => j.ToMessage()), cancellationToken);
        }

        var sends = new Task[jobs.Count];
        foreach (var lane in jobs.Select((job, index) => (job, index)).GroupBy(j => j.job.Request.Lane))
        {
            var queue = lane.Key is null ? _requestQueue.Value : _lanes[lane.Key].Value;
            var members = lane.ToList();
            var laneSends = queue.SendAllAsync(members.ConvertAll(m => m.job.ToMessage()), cancellationToken);
            for (var i = 0; i < members.Count; i++)
            {
                sends[members[i].index] = laneSends[i];
            }
        }

        return sends;
    }

    private void Sent(OutgoingJob job)
    {
        _telemetry.JobsPublished.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", job.Job.JobType));
        Log.JobPublished(_logger, job.Job.JobId, job.Job.JobType, job.ClaimChecked);
    }

    private async Task RecordQueuedAsync(IEnumerable<OutgoingJob> sent, CancellationToken cancellationToken)
    {
        // The queued state is a convenience for watchers; the job is already on its way, so a store that cannot be
        // written now must not turn a successful publish into an error.
        await Task.WhenAll(sent.Select(async job =>
        {
            try
            {
                await _events.DispatchAsync(new JobEvent
                {
                    JobId = job.Job.JobId,
                    Owner = job.Job.Owner,
                    Type = JobEventType.Queued,
                    Timestamp = job.Job.CreatedAt,
                    JobType = job.Job.JobType,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.QueuedStateNotRecorded(_logger, ex, job.Job.JobId);
            }
        })).ConfigureAwait(false);
    }

    private async Task ReleaseKeysAsync(IEnumerable<OutgoingJob> jobs)
    {
        foreach (var job in jobs)
        {
            if (!job.ClaimedKey || job.Request.IdempotencyKey is not { } key)
            {
                continue;
            }

            try
            {
                // Not the caller's token: a cancelled publish must still free the keys it claimed.
                await _idempotency.ReleaseAsync(key, job.Job.Owner, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.IdempotencyReleaseFailed(_logger, ex, _idempotency.RecordKey(key, job.Job.Owner), job.Job.JobId);
            }
        }
    }

    private async Task DeleteClaimCheckBodiesAsync(IEnumerable<OutgoingJob> notSent)
    {
        foreach (var job in notSent)
        {
            if (!job.ClaimChecked)
            {
                continue;
            }

            var key = job.Prefix.Key + JobStorageLayout.RequestObject;
            try
            {
                // Best effort, and not the caller's token: the body belongs to no message and would only cost storage.
                await _aws.S3.DeleteObjectAsync(_options.Bucket, key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ClaimCheckCleanupFailed(_logger, ex, $"s3://{_options.Bucket}/{key}", job.Job.JobId);
            }
        }
    }
}
