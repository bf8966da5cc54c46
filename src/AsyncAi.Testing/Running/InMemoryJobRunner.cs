using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>
/// Runs one job the way a worker does, minus the queue: reads the wire message, resolves the handler for its
/// type from a new DI scope per attempt, retries what may be retried, and reports Started, Progress and exactly
/// one terminal event with the completion.
/// </summary>
internal sealed partial class InMemoryJobRunner(
    IServiceScopeFactory scopes,
    InMemoryObjectStore store,
    InMemoryJobBoard board,
    IOptions<AsyncAiInMemoryOptions> options,
    TimeProvider timeProvider,
    ILogger<InMemoryJobRunner> logger)
{
    public async Task RunAsync(InMemoryJob job)
    {
        try
        {
            var completion = await RunAttemptsAsync(job).ConfigureAwait(false);
            board.Record(new JobEvent
            {
                JobId = completion.JobId,
                Type = completion.Status.ToEventType(),
                Timestamp = completion.Timings.FinishedAt ?? timeProvider.GetUtcNow(),
                JobType = completion.JobType,
                Message = completion.Error?.Message,
                Attempt = completion.Attempts,
                WorkerId = completion.WorkerId,
                Completion = completion,
            });
        }
        finally
        {
            job.MarkFinished();
        }
    }

    private async Task<JobCompletion> RunAttemptsAsync(InMemoryJob job)
    {
        var settings = options.Value;
        var message = JobWireFormat.DeserializeJob(job.Body);
        DateTimeOffset? startedAt = null;
        for (var attempt = 1; ; attempt++)
        {
            // The same checks, in the same order, as the real worker makes before it runs a handler.
            if (message.Deadline is { } deadline && timeProvider.GetUtcNow() >= deadline)
            {
                return Complete(message, JobStatus.Expired, attempt - 1, startedAt, error: new JobError(JobErrorCodes.DeadlineExceeded, "The job's deadline passed before it started."));
            }

            if (job.IsCancelRequested)
            {
                return Complete(message, JobStatus.Cancelled, attempt - 1, startedAt, error: new JobError(JobErrorCodes.Cancelled, "The job was cancelled before it started."));
            }

            startedAt = timeProvider.GetUtcNow();
            board.Record(new JobEvent
            {
                JobId = message.JobId,
                Type = JobEventType.Started,
                Timestamp = startedAt.Value,
                JobType = message.JobType,
                Attempt = attempt,
                WorkerId = settings.WorkerId,
            });

            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(message.JobType);
                if (handler is null)
                {
                    return Complete(message, JobStatus.Failed, attempt, startedAt, error: new JobError(JobErrorCodes.UnknownJobType, $"No handler is registered for job type '{message.JobType}'."));
                }

                using var deadlineSource = message.Deadline is { } due
                    ? new CancellationTokenSource(Max(due - timeProvider.GetUtcNow(), TimeSpan.Zero), timeProvider)
                    : new CancellationTokenSource();
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.CancelRequested, deadlineSource.Token);
                var outputs = new InMemoryJobOutputWriter(store, message.OutputPrefix);
                var context = new InMemoryJobContext(message, attempt, scope.ServiceProvider, outputs, store, ReportProgress, linked.Token);
                try
                {
                    await handler.HandleAsync(context, linked.Token).ConfigureAwait(false);
                    return Complete(message, JobStatus.Succeeded, attempt, startedAt, outputs: outputs.Written);
                }
                catch (OperationCanceledException) when (job.IsCancelRequested)
                {
                    return Complete(message, JobStatus.Cancelled, attempt, startedAt, error: new JobError(JobErrorCodes.Cancelled, "The job was cancelled while it ran."));
                }
                catch (OperationCanceledException) when (deadlineSource.IsCancellationRequested)
                {
                    return Complete(message, JobStatus.Expired, attempt, startedAt, error: new JobError(JobErrorCodes.DeadlineExceeded, "The job's deadline passed while it ran."));
                }
                catch (NonRetryableJobException ex)
                {
                    LogNonRetryable(message.JobId, message.JobType, ex.Code, ex);
                    return Complete(message, JobStatus.Failed, attempt, startedAt, error: new JobError(ex.Code, ex.Message));
                }
                catch (Exception ex) when (attempt < settings.MaxAttempts)
                {
                    LogRetrying(message.JobId, message.JobType, attempt, settings.MaxAttempts, ex);
                }
                catch (Exception ex)
                {
                    LogAttemptsExhausted(message.JobId, message.JobType, attempt, ex);
                    return Complete(message, JobStatus.Failed, attempt, startedAt, error: new JobError(JobErrorCodes.HandlerFailed, $"The handler failed on all {attempt} attempts; last error: {ex.GetType().Name}: {ex.Message}"));
                }
            }

            ValueTask ReportProgress(double fraction, string? note)
            {
                if (double.IsNaN(fraction) || fraction < 0 || fraction > 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Progress is a fraction between 0 and 1.");
                }

                board.Record(new JobEvent
                {
                    JobId = message.JobId,
                    Type = JobEventType.Progress,
                    Timestamp = timeProvider.GetUtcNow(),
                    JobType = message.JobType,
                    Progress = fraction,
                    Message = note,
                    Attempt = attempt,
                    WorkerId = settings.WorkerId,
                });
                return ValueTask.CompletedTask;
            }
        }
    }

    private JobCompletion Complete(
        JobMessage message,
        JobStatus status,
        int attempts,
        DateTimeOffset? startedAt,
        JobError? error = null,
        IReadOnlyList<JobOutput>? outputs = null) => new()
    {
        JobId = message.JobId,
        JobType = message.JobType,
        Status = status,
        Outputs = outputs ?? [],
        Error = error,
        Timings = new JobTimings { QueuedAt = message.CreatedAt, StartedAt = startedAt, FinishedAt = timeProvider.GetUtcNow() },
        Attempts = attempts,
        WorkerId = options.Value.WorkerId,
        Metadata = message.Metadata,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed on attempt {Attempt} of {MaxAttempts}; running it again")]
    private partial void LogRetrying(JobId jobId, string jobType, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({JobType}) failed on its last attempt ({Attempt})")]
    private partial void LogAttemptsExhausted(JobId jobId, string jobType, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed for good with {Code}")]
    private partial void LogNonRetryable(JobId jobId, string jobType, string code, Exception exception);
}
