using System.Diagnostics;
using System.Globalization;
using Amazon.SQS.Model;
using AsyncAi.Aws.Messages;
using AsyncAi.Diagnostics;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Finishing;
using AsyncAi.Worker.Notifications;
using AsyncAi.Worker.Retry;
using AsyncAi.Worker.Storage;
using AsyncAi.Worker.Visibility;
using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Processing;

/// <summary>
/// Takes one received message from reading to its last queue call: reads it (or dead-letters it), skips jobs
/// that already completed, honours cancel requests and deadlines, runs the handler in its own DI scope under the
/// heartbeat, and then completes, retries or releases the message.
/// </summary>
internal sealed class JobProcessor(
    WorkerComponents components,
    IServiceScopeFactory scopes,
    ILogger logger)
{
    private readonly AsyncAiWorkerOptions _options = components.Options;
    private readonly TimeProvider _time = components.TimeProvider;
    private readonly WorkerTelemetry _telemetry = components.Telemetry;
    private readonly RetryBackoff _backoff = new(components.Options.RetryBaseDelay, components.Options.MaxRetryDelay);

    public async Task ProcessAsync(Message message, DateTimeOffset receivedAt, CancellationToken shutdownToken)
    {
        var attempt = ReadInt(message, "ApproximateReceiveCount") ?? 1;
        IncomingJob incoming;
        try
        {
            incoming = await components.Reader.ReadAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WireFormatException ex)
        {
            await DeadLetterAsync(message, receivedAt, ex.Message, ex).ConfigureAwait(false);
            return;
        }

        var job = incoming.Job;
        if (!components.Handlers.Contains(job.JobType))
        {
            await DeadLetterAsync(message, receivedAt, $"No handler is registered for job type '{job.JobType}' (job {job.JobId}).", null).ConfigureAwait(false);
            return;
        }

        if (_options.Bucket is { } bucket && !string.Equals(bucket, job.OutputPrefix.Bucket, StringComparison.Ordinal))
        {
            await DeadLetterAsync(message, receivedAt, $"Job {job.JobId} writes to bucket '{job.OutputPrefix.Bucket}', but this worker writes only to '{bucket}'.", null).ConfigureAwait(false);
            return;
        }

        var parent = TraceContext.Extract(StringAttribute(message, MessageAttributeNames.TraceParent), StringAttribute(message, MessageAttributeNames.TraceState));
        using var activity = WorkerTelemetry.ActivitySource.StartActivity("asyncai.worker.job", ActivityKind.Consumer, parent);
        activity?.SetTag("asyncai.job.id", job.JobId.Value);
        activity?.SetTag("asyncai.job.type", job.JobType);
        activity?.SetTag("asyncai.job.attempt", attempt);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = job.JobId.Value,
            ["JobType"] = job.JobType,
            ["Attempt"] = attempt,
        });

        using var inFlight = new InFlightJob(message, job.JobId, job.OutputPrefix, receivedAt, receivedAt + _options.VisibilityTimeout);
        components.InFlight.Add(inFlight);
        _telemetry.InFlight.Add(1);
        try
        {
            await ProcessJobAsync(incoming, message, inFlight, attempt, activity, shutdownToken).ConfigureAwait(false);
        }
        finally
        {
            components.InFlight.Remove(inFlight);
            _telemetry.InFlight.Add(-1);
        }
    }

    private async Task ProcessJobAsync(IncomingJob incoming, Message message, InFlightJob inFlight, int attempt, Activity? activity, CancellationToken shutdownToken)
    {
        var job = incoming.Job;
        var existing = await components.Store.TryReadCompletionAsync(job.OutputPrefix, CancellationToken.None).ConfigureAwait(false);
        if (existing is not null)
        {
            WorkerLog.DuplicateDelivery(logger, job.JobId, existing.Status);
            activity?.SetTag("asyncai.job.duplicate", true);
            await FinishAsync(incoming, message, inFlight, existing, writeRecord: false).ConfigureAwait(false);
            return;
        }

        var startedAt = _time.GetUtcNow();
        if (job.Deadline is { } deadline && deadline <= startedAt)
        {
            await CompleteAsync(incoming, message, inFlight, attempt, JobOutcome.Terminal(JobStatus.Expired, JobErrorCodes.DeadlineExceeded, "The job's deadline passed before it started."), [], startedAt).ConfigureAwait(false);
            return;
        }

        if (await components.Store.IsCancelRequestedAsync(job.OutputPrefix, CancellationToken.None).ConfigureAwait(false))
        {
            await CompleteAsync(incoming, message, inFlight, attempt, JobOutcome.Terminal(JobStatus.Cancelled, JobErrorCodes.Cancelled, "The job was cancelled before it started."), [], startedAt).ConfigureAwait(false);
            return;
        }

        inFlight.LastCancelCheck = startedAt;
        var (outcome, outputs) = await RunHandlerAsync(job, inFlight, attempt, startedAt, shutdownToken).ConfigureAwait(false);
        var duration = _time.GetUtcNow() - startedAt;
        _telemetry.JobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("asyncai.job.type", job.JobType));
        if (outcome.Kind != JobOutcomeKind.Completed || outcome.Status != JobStatus.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error?.Message ?? outcome.Exception?.Message);
        }

        switch (outcome.Kind)
        {
            case JobOutcomeKind.Completed:
                await CompleteAsync(incoming, message, inFlight, attempt, outcome, outputs, startedAt).ConfigureAwait(false);
                break;
            case JobOutcomeKind.Retry when attempt >= _options.MaxAttempts:
                var final = JobOutcome.Terminal(
                    JobStatus.Failed,
                    JobErrorCodes.HandlerFailed,
                    $"The handler failed on all {attempt} attempts; last error: {outcome.Exception?.GetType().Name}: {outcome.Exception?.Message}",
                    outcome.Exception);
                await CompleteAsync(incoming, message, inFlight, attempt, final, [], startedAt).ConfigureAwait(false);
                break;
            case JobOutcomeKind.Retry:
                await RetryLaterAsync(message, inFlight, attempt, outcome.Exception!).ConfigureAwait(false);
                break;
            case JobOutcomeKind.Released:
                await ReleaseAsync(message, inFlight).ConfigureAwait(false);
                break;
        }
    }

    private async Task<(JobOutcome Outcome, IReadOnlyList<JobOutput> Outputs)> RunHandlerAsync(JobMessage job, InFlightJob inFlight, int attempt, DateTimeOffset startedAt, CancellationToken shutdownToken)
    {
        using var deadline = job.Deadline is { } d
            ? new CancellationTokenSource(d - startedAt, _time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdownToken, inFlight.CancelRequestedToken, inFlight.RunTimeExceededToken, deadline.Token);
        var token = linked.Token;

        _telemetry.JobsStarted.Add(1, new KeyValuePair<string, object?>("asyncai.job.type", job.JobType));
        _telemetry.QueueTime.Record(Math.Max(0, (startedAt - job.CreatedAt).TotalSeconds), new KeyValuePair<string, object?>("asyncai.job.type", job.JobType));
        WorkerLog.JobStarted(logger, job.JobId, job.JobType, attempt);
        await SendEventAsync(new EventMessage
        {
            EventId = JobEventIds.Started(job.JobId, attempt),
            Event = new JobEvent { JobId = job.JobId, Type = JobEventType.Started, Timestamp = startedAt, JobType = job.JobType, Attempt = attempt, WorkerId = components.WorkerId },
        }).ConfigureAwait(false);

        var writer = new JobOutputWriter(components.Uploader, job.JobId, job.Owner, job.OutputPrefix, token, job.Metadata.GetValueOrDefault(AsyncAi.Uploads.OutputUploadCredential.MetadataKey));
        var progress = new ProgressThrottle(_time, _options.ProgressInterval);
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var context = new JobContext(job, attempt, scope.ServiceProvider, writer, components.Store, (fraction, note, ct) => ReportProgressAsync(job, attempt, progress, fraction, note), token);
                var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(job.JobType);
                await handler.HandleAsync(context, token).ConfigureAwait(false);
            }

            return (JobOutcome.Succeeded, writer.Written);
        }
#pragma warning disable CA1031 // Every handler error becomes an outcome; none may escape to the poller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (Classify(ex, inFlight, deadline, shutdownToken), []);
        }
    }

    /// <summary>Why the handler stopped: the worker's own reasons first, then what the handler threw.</summary>
    private static JobOutcome Classify(Exception ex, InFlightJob inFlight, CancellationTokenSource deadline, CancellationToken shutdownToken)
    {
        if (inFlight.IsCancelRequested)
        {
            return JobOutcome.Terminal(JobStatus.Cancelled, JobErrorCodes.Cancelled, "The job was cancelled while it ran.", ex);
        }

        if (deadline.IsCancellationRequested)
        {
            return JobOutcome.Terminal(JobStatus.Expired, JobErrorCodes.DeadlineExceeded, "The job's deadline passed while it ran.", ex);
        }

        if (inFlight.IsRunTimeExceeded)
        {
            return JobOutcome.Retry(new TimeoutException("The attempt ran past the worker's maximum job run time.", ex));
        }

        if (shutdownToken.IsCancellationRequested)
        {
            return JobOutcome.Released(ex);
        }

        return ex is NonRetryableJobException nonRetryable
            ? JobOutcome.Terminal(JobStatus.Failed, nonRetryable.Code, nonRetryable.Message, ex)
            : JobOutcome.Retry(ex);
    }

    private async ValueTask ReportProgressAsync(JobMessage job, int attempt, ProgressThrottle throttle, double fraction, string? note)
    {
        if (!throttle.ShouldSend(fraction))
        {
            return;
        }

        await SendEventAsync(new EventMessage
        {
            EventId = JobEventIds.Progress(job.JobId),
            Event = new JobEvent { JobId = job.JobId, Type = JobEventType.Progress, Timestamp = _time.GetUtcNow(), JobType = job.JobType, Progress = fraction, Message = note, Attempt = attempt, WorkerId = components.WorkerId },
        }).ConfigureAwait(false);
    }

    private async Task CompleteAsync(IncomingJob incoming, Message message, InFlightJob inFlight, int attempt, JobOutcome outcome, IReadOnlyList<JobOutput> outputs, DateTimeOffset startedAt)
    {
        var job = incoming.Job;
        var completion = new JobCompletion
        {
            JobId = job.JobId,
            JobType = job.JobType,
            Status = outcome.Status,
            Outputs = outcome.Status == JobStatus.Succeeded ? outputs : [],
            Error = outcome.Error,
            Timings = new JobTimings { QueuedAt = job.CreatedAt, StartedAt = startedAt, FinishedAt = _time.GetUtcNow() },
            Attempts = attempt,
            WorkerId = components.WorkerId,
            Metadata = job.Metadata,
        };
        var tag = new KeyValuePair<string, object?>("asyncai.job.type", job.JobType);
        if (outcome.Status == JobStatus.Succeeded)
        {
            _telemetry.JobsSucceeded.Add(1, tag);
        }
        else
        {
            _telemetry.JobsFailed.Add(1, tag, new("asyncai.job.status", outcome.Status.ToString()), new("error.type", outcome.Error?.Code));
            WorkerLog.JobFailed(logger, outcome.Exception, job.JobId, outcome.Error?.Code ?? "unknown", outcome.Error?.Message ?? string.Empty);
        }

        WorkerLog.JobEnded(logger, job.JobId, outcome.Status, completion.Timings.RunTime ?? TimeSpan.Zero);
        await FinishAsync(incoming, message, inFlight, completion, writeRecord: true).ConfigureAwait(false);
    }

    /// <summary>Record, report, then delete; each step only after the one before succeeded, so a crash anywhere is repaired by the next delivery.</summary>
    private async Task FinishAsync(IncomingJob incoming, Message message, InFlightJob inFlight, JobCompletion completion, bool writeRecord)
    {
        var job = incoming.Job;
        try
        {
            if (writeRecord)
            {
                // A concurrent copy may have completed first; then its completion is the one reported.
                completion = await components.Store.WriteCompletionAsync(job.OutputPrefix, completion, CancellationToken.None).ConfigureAwait(false);
            }

            await components.Events.SendAsync(
                new EventMessage
                {
                    EventId = JobEventIds.Completion(job.JobId),
                    Event = new JobEvent
                    {
                        JobId = job.JobId,
                        Type = completion.Status.ToEventType(),
                        Timestamp = completion.Timings.FinishedAt ?? _time.GetUtcNow(),
                        JobType = job.JobType,
                        Attempt = completion.Attempts,
                        WorkerId = completion.WorkerId,
                        Message = completion.Error?.Message,
                        Completion = completion,
                    },
                },
                CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The message stays; the next delivery finds the record or runs the job again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.FinishFailed(logger, ex, job.JobId);
            return;
        }

        components.InFlight.Remove(inFlight);
        try
        {
            await components.Messages.DeleteAsync(message).ConfigureAwait(false);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.DeleteFailed(logger, ex, job.JobId);
            return;
        }

        if (incoming.ClaimCheck is { } claimCheck)
        {
            try
            {
                await components.ClaimChecks().DeleteAsync(claimCheck, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort: a leftover body costs storage, not correctness.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                WorkerLog.FinishFailed(logger, ex, job.JobId);
            }
        }
    }

    private async Task RetryLaterAsync(Message message, InFlightJob inFlight, int attempt, Exception exception)
    {
        // SQS rejects a delay that reaches past 12 hours from the receive, which would bring the job back at once.
        var delay = _backoff.Delay(attempt);
        var left = VisibilityRenewalPolicy.MaxVisibilityLeft(inFlight.ReceivedAt, _time.GetUtcNow());
        delay = delay < left ? delay : left;
        WorkerLog.JobRetrying(logger, exception, inFlight.JobId, attempt, _options.MaxAttempts, delay);
        _telemetry.JobsRetried.Add(1);
        components.InFlight.Remove(inFlight);
        try
        {
            await components.Messages.SetVisibilityAsync(message, delay).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Without the delay the message still comes back when its visibility ends.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ReleaseFailed(logger, ex, inFlight.JobId);
        }
    }

    private async Task ReleaseAsync(Message message, InFlightJob inFlight)
    {
        components.InFlight.Remove(inFlight);
        try
        {
            await components.Messages.SetVisibilityAsync(message, TimeSpan.Zero).ConfigureAwait(false);
            WorkerLog.JobReleased(logger, inFlight.JobId);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ReleaseFailed(logger, ex, inFlight.JobId);
        }
    }

    private async Task DeadLetterAsync(Message message, DateTimeOffset receivedAt, string reason, Exception? exception)
    {
        WorkerLog.MessageUnreadable(logger, exception, message.MessageId, reason);
        try
        {
            var hideFor = VisibilityRenewalPolicy.MaxVisibilityLeft(receivedAt, _time.GetUtcNow());
            if (await components.DeadLetters.MoveAsync(message, reason, hideFor, CancellationToken.None).ConfigureAwait(false))
            {
                _telemetry.JobsDeadLettered.Add(1);
            }
        }
#pragma warning disable CA1031 // The message comes back after its visibility timeout and is tried again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ProcessingCrashed(logger, ex, message.MessageId);
        }
    }

    private async Task SendEventAsync(EventMessage message)
    {
        try
        {
            await components.Events.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Started and progress events are informative; losing one must not fail the job.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.EventSendFailed(logger, ex, message.Event.JobId);
        }
    }

    private static int? ReadInt(Message message, string attribute) =>
        message.Attributes?.TryGetValue(attribute, out var text) == true && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? StringAttribute(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;
}
