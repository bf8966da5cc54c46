using AsyncAi.Aws.Storage;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.SQS.Model;
using AsyncAi.Aws.Batching;
using AsyncAi.Aws.Messages;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Publishes jobs to the request queue: one message per job, sent in batches of at most 10 entries and 1 MiB;
/// a job whose message is larger than <see cref="AsyncAiClientOptions.MaxMessageBytes"/> is stored in S3 at
/// <c>{jobPrefix}_request.json</c> and the queue carries a claim check instead.
/// </summary>
internal sealed class SqsJobPublisher : IJobPublisher
{
    private readonly ClientAwsClients _aws;
    private readonly AsyncAiClientOptions _options;
    private readonly IdempotencyKeys _idempotency;
    private readonly S3JobFolders _folders;
    private readonly JobLocationRules _rules;
    private readonly JobEventDispatcher _events;
    private readonly IJobStatusStore _status;
    private readonly ClientTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _queueUrl;
    private readonly string _queueName;

    public SqsJobPublisher(
        ClientAwsClients aws,
        IOptions<AsyncAiClientOptions> options,
        JobEventDispatcher events,
        IJobStatusStore status,
        ClientTelemetry telemetry,
        TimeProvider time,
        ILogger<SqsJobPublisher> logger)
    {
        _aws = aws;
        _options = options.Value;
        _events = events;
        _status = status;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _idempotency = new IdempotencyKeys(aws, _options.Bucket!, _options.RootPrefix);
        _folders = new S3JobFolders(() => aws.S3);
        _rules = new JobLocationRules(_options.Bucket!, _options.RootPrefix, AllowedPrefixes.Parse(_options.AllowedInputPrefixes));
        _queueUrl = _options.RequestQueueUrl!.AbsoluteUri;
        _queueName = _queueUrl.TrimEnd('/').Split('/')[^1];
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
            jobs.Add(JobMessageFactory.Create(request, _options.Bucket!, _options.RootPrefix, now, _time, _rules));
        }

        if (jobs.Count == 0)
        {
            return [];
        }

        using var batchActivity = jobs.Count > 1 ? ClientTelemetry.ActivitySource.StartActivity($"{_queueName} publish", ActivityKind.Client) : null;
        batchActivity?.SetTag("messaging.system", "aws_sqs");
        batchActivity?.SetTag("messaging.destination.name", _queueName);
        batchActivity?.SetTag("messaging.batch.message_count", jobs.Count);

        var results = new PublishedJob?[jobs.Count];
        var repeats = await ClaimIdempotencyKeysAsync(jobs, results, cancellationToken).ConfigureAwait(false);

        var toSend = Enumerable.Range(0, jobs.Count).Where(i => results[i] is null).ToList();
        var failed = new Dictionary<int, string>();
        var delivered = new HashSet<int>();
        var inFlight = new HashSet<int>();
        Exception? error = null;
        try
        {
            foreach (var index in toSend)
            {
                await PrepareMessageAsync(jobs[index], cancellationToken).ConfigureAwait(false);
            }

            await SendAsync(jobs, toSend, delivered, failed, inFlight, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Reported below, per job, together with what did get through.
            error = ex;
        }

        var sent = new List<OutgoingJob>();
        var maybeSent = new HashSet<int>();
        foreach (var index in toSend)
        {
            if (delivered.Contains(index))
            {
                results[index] = jobs[index].ToPublished();
                sent.Add(jobs[index]);
            }
            else if (!failed.ContainsKey(index))
            {
                // SQS answering 4xx is a definite refusal; anything else during the call leaves it open.
                if (inFlight.Contains(index) && error is not AmazonServiceException { StatusCode: >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError })
                {
                    maybeSent.Add(index);
                }

                // The call that threw may or may not have reached SQS; calls after it never did. All are reported as
                // failed and their keys freed: a retry may then run a job twice, which workers tolerate when the
                // retry keeps the job id (set JobRequest.JobId), since a job completes only once.
                failed[index] = error?.Message ?? "not sent";
            }
        }

        await RecordQueuedAsync(sent, cancellationToken).ConfigureAwait(false);

        if (failed.Count > 0)
        {
            await ReleaseFailedAsync(jobs, failed.Keys).ConfigureAwait(false);
            await DeleteClaimCheckBodiesAsync(jobs, failed.Keys.Where(i => !maybeSent.Contains(i))).ConfigureAwait(false);

            // A repeat of a key answers with the first job; when that job was not sent, neither was the repeat.
            foreach (var (index, first) in repeats)
            {
                if (failed.TryGetValue(first, out var reason))
                {
                    results[index] = null;
                    failed[index] = reason;
                }
            }

            var failures = failed.OrderBy(f => f.Key).Select(f => new FailedJob(jobs[f.Key].Job.JobId, jobs[f.Key].Job.JobType, f.Value)).ToList();
            var published = results.Where(r => r is not null).Select(r => r!).ToList();
            if (error is OperationCanceledException canceled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Publishing was cancelled; {published.Count} job(s) were published first.", canceled, cancellationToken);
            }

            throw new JobPublishException(published, failures, error);
        }

        return results.Select(r => r!).ToList();
    }

    public async Task CancelAsync(JobId jobId, string? owner = null, CancellationToken cancellationToken = default)
    {
        var folder = JobFolder.Of(_options.Bucket!, _options.RootPrefix, jobId, owner);
        var now = _time.GetUtcNow();
        var marker = System.Text.Json.JsonSerializer.Serialize(new CancelRequest { JobId = jobId, RequestedAt = now }, ClientJsonContext.Default.CancelRequest);
        var cancelled = new JobCompletion
        {
            JobId = jobId,
            Owner = owner,
            JobType = await KnownJobTypeAsync(jobId, owner, cancellationToken).ConfigureAwait(false),
            Status = JobStatus.Cancelled,
            Error = new JobError(JobErrorCodes.Cancelled, "The job was cancelled."),
            Timings = new JobTimings { FinishedAt = now },
        };

        // The marker stops a running handler; the completion record (written unless the job already has one) makes the
        // cancel the job's outcome whichever worker takes it, even one that never looks for the marker.
        var completion = await _folders.RequestCancelAsync(folder, cancelled, marker, cancellationToken).ConfigureAwait(false);
        if (completion.Status == JobStatus.Cancelled)
        {
            await _events.DispatchAsync(AsyncAi.CompletionEvent.Of(completion, DateTimeOffset.MinValue), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> KnownJobTypeAsync(JobId jobId, string? owner, CancellationToken cancellationToken)
    {
        try
        {
            return (await _status.GetAsync(jobId, owner, cancellationToken).ConfigureAwait(false))?.LastEvent?.JobType ?? string.Empty;
        }
#pragma warning disable CA1031 // The type only labels the cancellation; an unreadable store must not stop the cancel.
        catch (Exception)
#pragma warning restore CA1031
        {
            return string.Empty;
        }
    }

    private async Task<List<(int Index, int First)>> ClaimIdempotencyKeysAsync(List<OutgoingJob> jobs, PublishedJob?[] results, CancellationToken cancellationToken)
    {
        // A key repeated within one call is claimed once; its repeats are duplicates of the first.
        var firstOfKey = new Dictionary<(string? Owner, string Key), int>();
        var repeats = new List<(int Index, int First)>();
        var claims = new List<Task>();
        var claimed = new List<int>();
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].Request.IdempotencyKey is not { } key)
            {
                continue;
            }

            if (firstOfKey.TryGetValue((jobs[i].Job.Owner, key), out var first))
            {
                repeats.Add((i, first));
            }
            else
            {
                firstOfKey[(jobs[i].Job.Owner, key)] = i;
                claims.Add(ClaimAsync(i));
            }
        }

        try
        {
            await Task.WhenAll(claims).ConfigureAwait(false);
        }
        catch
        {
            // Nothing is sent after a failed claim, so the keys the other claims took would otherwise stay held by
            // jobs that never existed, and every retry would be answered as a duplicate of one.
            int[] taken;
            lock (claimed)
            {
                taken = [.. claimed];
            }

            await ReleaseFailedAsync(jobs, taken).ConfigureAwait(false);
            throw;
        }

        foreach (var (index, first) in repeats)
        {
            var original = results[first] ?? jobs[first].ToPublished();
            results[index] = original with { IsDuplicate = true };
            _telemetry.DuplicatePublishes.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", original.JobType));
        }

        return repeats;

        async Task ClaimAsync(int index)
        {
            var job = jobs[index];
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
                lock (claimed)
                {
                    claimed.Add(index);
                }
            }
            else
            {
                results[index] = new PublishedJob
                {
                    JobId = existing.JobId,
                    Owner = existing.Owner,
                    JobType = existing.JobType,
                    Prefix = existing.Prefix,
                    QueuedAt = existing.QueuedAt,
                    IsDuplicate = true,
                };
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
            job.Attributes = OutgoingMessages.JobAttributes(job.Job, claimChecked: false);
            TraceContext.Inject(activity, job.Attributes);
        }

        if (job.SizeBytes <= _options.MaxMessageBytes)
        {
            return;
        }

        var claimCheck = await _folders.StoreRequestAsync(JobFolder.Of(job.Prefix), job.Body, cancellationToken).ConfigureAwait(false);
        var traceAttributes = job.Attributes.Where(a => a.Key is MessageAttributeNames.TraceParent or MessageAttributeNames.TraceState).ToList();
        job.Body = JobWireFormat.Serialize(claimCheck);
        job.Attributes = OutgoingMessages.JobAttributes(job.Job, claimChecked: true);
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

    private async Task SendAsync(List<OutgoingJob> jobs, List<int> toSend, HashSet<int> delivered, Dictionary<int, string> failed, HashSet<int> inFlight, CancellationToken cancellationToken)
    {
        if (toSend.Count == 1)
        {
            var job = jobs[toSend[0]];
            inFlight.Add(toSend[0]);
            await _aws.Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = _queueUrl,
                MessageBody = job.Body,
                MessageAttributes = MessageAttributes.ToSqs(job.Attributes),
            }, cancellationToken).ConfigureAwait(false);
            delivered.Add(toSend[0]);
            Sent(job);
            return;
        }

        foreach (var batch in SqsBatchPlanner.Plan(toSend, i => jobs[i].SizeBytes))
        {
            var pending = batch.ToList();

            // Entries SQS failed for reasons of its own (throttling, an internal error) get one more try;
            // entries it rejected as the sender's fault would fail the same way again.
            for (var attempt = 1; attempt <= 2 && pending.Count > 0; attempt++)
            {
                inFlight.Clear();
                inFlight.UnionWith(pending);
                var response = await _aws.Sqs.SendMessageBatchAsync(new SendMessageBatchRequest
                {
                    QueueUrl = _queueUrl,
                    Entries = pending.Select(i => new SendMessageBatchRequestEntry
                    {
                        Id = i.ToString(CultureInfo.InvariantCulture),
                        MessageBody = jobs[i].Body,
                        MessageAttributes = MessageAttributes.ToSqs(jobs[i].Attributes),
                    }).ToList(),
                }, cancellationToken).ConfigureAwait(false);

                var retry = new List<int>();
                foreach (var failure in response.Failed ?? [])
                {
                    var index = int.Parse(failure.Id, CultureInfo.InvariantCulture);
                    if (failure.SenderFault != true && attempt == 1)
                    {
                        retry.Add(index);
                    }
                    else
                    {
                        failed[index] = $"{failure.Code}: {failure.Message}";
                    }
                }

                foreach (var index in pending.Except(retry).Where(i => !failed.ContainsKey(i)))
                {
                    delivered.Add(index);
                    Sent(jobs[index]);
                }

                pending = retry;
            }
        }
    }

    private void Sent(OutgoingJob job)
    {
        _telemetry.JobsPublished.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", job.Job.JobType));
        Log.JobPublished(_logger, job.Job.JobId, job.Job.JobType, job.ClaimChecked);
    }

    private async Task RecordQueuedAsync(List<OutgoingJob> sent, CancellationToken cancellationToken)
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
                Log.StatusPollFailed(_logger, ex, job.Job.JobId);
            }
        })).ConfigureAwait(false);
    }

    private async Task ReleaseFailedAsync(List<OutgoingJob> jobs, IEnumerable<int> failed)
    {
        foreach (var index in failed)
        {
            var job = jobs[index];
            if (job.Request.IdempotencyKey is not { } key)
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

    private async Task DeleteClaimCheckBodiesAsync(List<OutgoingJob> jobs, IEnumerable<int> notSent)
    {
        foreach (var index in notSent)
        {
            var job = jobs[index];
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
