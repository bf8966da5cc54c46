using AsyncAi.WireFormat;
using System.Diagnostics;
using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// Runs one attempt of a job, free of any transport: the checks before start (a handler for the type, the
/// deadline, a cancel already requested), the Started event, a DI scope with the handler, progress, and the
/// classification of how it ended into a <see cref="JobOutcome"/>. The SQS worker and the in-memory mode both run
/// jobs through this class, so they cannot drift apart; settling the outcome (complete, retry, release, set aside)
/// is the transport's.
/// </summary>
internal sealed class JobRunner(
    IServiceScopeFactory scopes,
    JobHandlerRegistry handlers,
    IJobFiles files,
    IJobEventSink events,
    JobRunnerSettings settings,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    /// <summary>
    /// The longest delay a <see cref="CancellationTokenSource"/> timer takes (about 49.7 days). A deadline further
    /// away needs no timer: no attempt runs that long (SQS hides a message for 12 hours at most).
    /// </summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>The settings in use.</summary>
    public JobRunnerSettings Settings => settings;

    /// <summary>Runs one attempt.</summary>
    /// <param name="job">The job, as read from its message.</param>
    /// <param name="attempt">The attempt number, from 1.</param>
    /// <param name="signals">The transport's reasons to stop the attempt.</param>
    /// <param name="stopping">Fires at shutdown: the attempt is released, not failed.</param>
    public async Task<JobOutcome> RunAsync(JobMessage job, int attempt, IJobAttemptSignals signals, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(signals);
        if (handlers.WhyItCannotRun(job) is { } refusal)
        {
            return JobOutcome.Rejected(refusal);
        }

        var startedAt = time.GetUtcNow();
        if (job.Deadline is { } deadline && deadline <= startedAt)
        {
            // Attempts counts handler runs: this attempt never ran it.
            return Complete(job, attempt - 1, null, AttemptVerdict.Terminal(JobStatus.Expired, JobErrorCodes.DeadlineExceeded, "The job's deadline passed before it started."), [], null);
        }

        if (signals.CancelRequested.IsCancellationRequested)
        {
            return Complete(job, attempt - 1, null, AttemptVerdict.Terminal(JobStatus.Cancelled, JobErrorCodes.Cancelled, "The job was cancelled before it started."), [], null);
        }

        var typeTag = new KeyValuePair<string, object?>("asyncai.job.type", job.JobType);
        telemetry.JobsStarted.Add(1, typeTag);
        telemetry.QueueTime.Record(Math.Max(0, (startedAt - job.CreatedAt).TotalSeconds), typeTag);
        WorkerLog.JobStarted(logger, job.JobId, job.JobType, attempt);
        Inform(job, new EventMessage
        {
            EventId = JobEventIds.Started(job.JobId, job.Owner, attempt),
            Event = new JobEvent { JobId = job.JobId, Owner = job.Owner, Type = JobEventType.Started, Timestamp = startedAt, JobType = job.JobType, Attempt = attempt, WorkerId = settings.WorkerId },
        });

        var untilDeadline = job.Deadline is { } due ? due - startedAt : Timeout.InfiniteTimeSpan;
        using var deadlineSource = untilDeadline > TimeSpan.Zero && untilDeadline <= MaxTimerDelay
            ? new CancellationTokenSource(untilDeadline, time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, signals.CancelRequested, signals.RunTimeExceeded, deadlineSource.Token);
        var token = linked.Token;
        var writer = files.CreateOutputWriter(job, token);
        var progress = new ProgressThrottle(time, settings.ProgressInterval);
        Exception? failure = null;
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var context = new JobContext(job, attempt, scope.ServiceProvider, files, writer, (fraction, note) => ReportProgress(job, attempt, progress, fraction, note), token);
                var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(job.JobType);
                await handler.HandleAsync(context, token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Every handler error becomes an outcome; none may escape to the transport.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        telemetry.JobDuration.Record((time.GetUtcNow() - startedAt).TotalSeconds, typeTag);
        if (failure is null)
        {
            return Complete(job, attempt, startedAt, new AttemptVerdict(JobOutcomeKind.Completed, JobStatus.Succeeded), writer.Written, null);
        }

        var verdict = AttemptClassifier.Classify(failure, signals, deadlineSource.IsCancellationRequested, stopping.IsCancellationRequested, attempt, settings.MaxAttempts);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, verdict.Error?.Code ?? failure.GetType().Name);
        Activity.Current?.AddException(failure);
        switch (verdict.Kind)
        {
            case JobOutcomeKind.Retry:
                WorkerLog.JobRetrying(logger, failure, job.JobId, attempt, settings.MaxAttempts);
                telemetry.JobsRetried.Add(1, typeTag);
                return JobOutcome.Retry(failure);
            case JobOutcomeKind.Released:
                WorkerLog.JobReleased(logger, job.JobId);
                return JobOutcome.Released(failure);
            default:
                return Complete(job, attempt, startedAt, verdict, [], failure);
        }
    }

    private JobOutcome Complete(JobMessage job, int attempt, DateTimeOffset? startedAt, AttemptVerdict verdict, IReadOnlyList<JobOutput> outputs, Exception? exception)
    {
        var completion = new JobCompletion
        {
            JobId = job.JobId,
            Owner = job.Owner,
            JobType = job.JobType,
            Status = verdict.Status,
            Outputs = verdict.Status == JobStatus.Succeeded ? outputs : [],
            Error = verdict.Error,
            Timings = new JobTimings { QueuedAt = job.CreatedAt, StartedAt = startedAt, FinishedAt = time.GetUtcNow() },
            Attempts = attempt,
            WorkerId = settings.WorkerId,
            // The job's credentials are secrets for its worker alone; the completion reaches browsers.
            Metadata = JobSecrets.Without(job.Metadata),
        };
        var typeTag = new KeyValuePair<string, object?>("asyncai.job.type", job.JobType);
        if (completion.Status == JobStatus.Succeeded)
        {
            telemetry.JobsSucceeded.Add(1, typeTag);
        }
        else
        {
            telemetry.JobsFailed.Add(1, typeTag, new("asyncai.job.status", completion.Status.ToString()), new("error.type", completion.Error?.Code));
            WorkerLog.JobFailed(logger, exception, job.JobId, completion.Error?.Code ?? "unknown", completion.Error?.Message ?? string.Empty);
        }

        WorkerLog.JobEnded(logger, job.JobId, completion.Status, completion.Timings.RunTime ?? TimeSpan.Zero);
        return JobOutcome.Completed(completion, exception);
    }

    private ValueTask ReportProgress(JobMessage job, int attempt, ProgressThrottle throttle, double fraction, string? note)
    {
        if (throttle.ShouldSend(fraction))
        {
            Inform(job, new EventMessage
            {
                EventId = JobEventIds.Progress(job.JobId, job.Owner),
                Event = new JobEvent { JobId = job.JobId, Owner = job.Owner, Type = JobEventType.Progress, Timestamp = time.GetUtcNow(), JobType = job.JobType, Progress = fraction, Message = note, Attempt = attempt, WorkerId = settings.WorkerId },
            });
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends a Started or progress event without holding the job; a failure is logged, never thrown.</summary>
    private void Inform(JobMessage job, EventMessage message)
    {
        var sending = events.SendAsync(new OutgoingEvent(message) { WebhookSecret = JobSecrets.WebhookSecretOf(job) });
        if (!sending.IsCompletedSuccessfully)
        {
            _ = sending.ContinueWith(
                static (task, state) =>
                {
                    var (log, jobId) = ((ILogger, JobId))state!;
                    WorkerLog.EventSendFailed(log, task.Exception!.GetBaseException(), jobId);
                },
                (logger, message.Event.JobId),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
