using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Diagnostics;

/// <summary>Every log line of the worker, source-generated; each job line carries the job id.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "AsyncAi worker started: {LoopCount} receive loops for concurrency {Concurrency} on {QueueUrl}")]
    public static partial void WorkerStarted(ILogger logger, int loopCount, int concurrency, Uri? queueUrl);

    [LoggerMessage(2, LogLevel.Information, "AsyncAi worker stopping: {InFlight} jobs in flight, grace period {GracePeriod}")]
    public static partial void WorkerStopping(ILogger logger, int inFlight, TimeSpan gracePeriod);

    [LoggerMessage(3, LogLevel.Warning, "Grace period over: cancelling {Count} unfinished jobs and making their messages visible again")]
    public static partial void CancellingUnfinished(ILogger logger, int count);

    [LoggerMessage(4, LogLevel.Error, "Receiving from the request queue failed ({ConsecutiveErrors} in a row); retrying in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, int consecutiveErrors, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "Job {JobId} ({JobType}) attempt {Attempt} started")]
    public static partial void JobStarted(ILogger logger, JobId jobId, string jobType, int attempt);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} ended as {Status} after {Duration}")]
    public static partial void JobEnded(ILogger logger, JobId jobId, JobStatus status, TimeSpan duration);

    [LoggerMessage(7, LogLevel.Warning, "Job {JobId} attempt {Attempt} of {MaxAttempts} failed with a retryable error")]
    public static partial void JobRetrying(ILogger logger, Exception exception, JobId jobId, int attempt, int maxAttempts);

    [LoggerMessage(30, LogLevel.Information, "Job {JobId} runs again in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, JobId jobId, TimeSpan delay);

    [LoggerMessage(8, LogLevel.Error, "Job {JobId} failed for good with {ErrorCode}: {ErrorMessage}")]
    public static partial void JobFailed(ILogger logger, Exception? exception, JobId jobId, string errorCode, string errorMessage);

    [LoggerMessage(9, LogLevel.Error, "Message {MessageId} cannot be read and goes to the dead-letter queue: {Reason}")]
    public static partial void MessageUnreadable(ILogger logger, Exception? exception, string messageId, string reason);

    [LoggerMessage(10, LogLevel.Critical, "Message {MessageId} cannot be read and there is no dead-letter queue (set DeadLetterQueueUrl or a RedrivePolicy); it is hidden for 12 hours")]
    public static partial void NoDeadLetterQueue(ILogger logger, string messageId);

    [LoggerMessage(11, LogLevel.Information, "Job {JobId} already completed as {Status}; re-sending its completion instead of running it again")]
    public static partial void DuplicateDelivery(ILogger logger, JobId jobId, JobStatus status);

    [LoggerMessage(12, LogLevel.Warning, "Extending the visibility of job {JobId} failed")]
    public static partial void ExtendFailed(ILogger logger, Exception exception, JobId jobId);


    [LoggerMessage(14, LogLevel.Warning, "Job {JobId} ran past the maximum run time {MaxJobRunTime}; it is cancelled and no longer extended")]
    public static partial void MaxRunTimeReached(ILogger logger, JobId jobId, TimeSpan maxJobRunTime);

    [LoggerMessage(15, LogLevel.Information, "Job {JobId} has a cancellation request; cancelling it")]
    public static partial void CancelRequested(ILogger logger, JobId jobId);

    [LoggerMessage(16, LogLevel.Warning, "Looking for the cancellation marker of job {JobId} failed")]
    public static partial void CancelCheckFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(17, LogLevel.Error, "Finishing job {JobId} failed; its message stays in the queue and the job will be seen again")]
    public static partial void FinishFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(18, LogLevel.Error, "Deleting the message of job {JobId} failed; a later delivery will find its completion record")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(19, LogLevel.Warning, "Sending an event of job {JobId} failed")]
    public static partial void EventSendFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(20, LogLevel.Error, "A batch call failed")]
    public static partial void BatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(21, LogLevel.Information, "Job {JobId} was stopped by shutdown; its message is visible again for another worker")]
    public static partial void JobReleased(ILogger logger, JobId jobId);

    [LoggerMessage(22, LogLevel.Warning, "Making the message of job {JobId} visible again failed; it reappears when its visibility timeout ends")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(23, LogLevel.Error, "Processing message {MessageId} failed unexpectedly; it comes back after its visibility timeout, and goes to the dead-letter queue once it has crashed on MaxAttempts receives")]
    public static partial void ProcessingCrashed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(24, LogLevel.Error, "The heartbeat tick failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(25, LogLevel.Information, "AsyncAi worker paused")]
    public static partial void Paused(ILogger logger);

    [LoggerMessage(26, LogLevel.Information, "AsyncAi worker resumed")]
    public static partial void Resumed(ILogger logger);

    [LoggerMessage(27, LogLevel.Warning, "Webhook delivery of event {EventId} failed with status {StatusCode}")]
    public static partial void WebhookRejected(ILogger logger, string eventId, int statusCode);

    [LoggerMessage(28, LogLevel.Information, "AsyncAi worker stopped")]
    public static partial void WorkerStopped(ILogger logger);

    [LoggerMessage(29, LogLevel.Warning, "Job {JobId} ignored cancellation for {AbandonTimeout} after the grace period; abandoning it and making its message visible again")]
    public static partial void JobAbandoned(ILogger logger, JobId jobId, TimeSpan abandonTimeout);

    [LoggerMessage(31, LogLevel.Error, "Webhook delivery of event {EventId} failed: the endpoint answered {StatusCode}, a redirect to {Location}, which is never followed; point the webhook URL at the final address")]
    public static partial void WebhookRedirected(ILogger logger, string eventId, int statusCode, string location);

    [LoggerMessage(32, LogLevel.Warning, "Event {EventId} was not posted: {Max} Started/progress posts are already waiting on the webhook (it is slow or down); completions are not affected")]
    public static partial void InformativeEventDropped(ILogger logger, string eventId, int max);

    [LoggerMessage(33, LogLevel.Debug, "Job {JobId} released for {Delay}: its tenant {Tenant} holds its limit of jobs on this worker")]
    public static partial void TenantAtLimit(ILogger logger, JobId jobId, string tenant, TimeSpan delay);
}
