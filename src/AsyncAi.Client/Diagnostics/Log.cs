using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>The producer's log messages, source-generated so that disabled levels cost nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Published job {JobId} of type {JobType} (claim check: {ClaimChecked})")]
    public static partial void JobPublished(ILogger logger, JobId jobId, string jobType, bool claimChecked);

    [LoggerMessage(2, LogLevel.Information, "Idempotency key already used: job {JobId} was published before; nothing was sent")]
    public static partial void DuplicatePublish(ILogger logger, JobId jobId);

    [LoggerMessage(3, LogLevel.Warning, "Could not release the idempotency record {Key} after a failed publish; a retry with the same key will report job {JobId} as a duplicate")]
    public static partial void IdempotencyReleaseFailed(ILogger logger, Exception exception, string key, JobId jobId);

    [LoggerMessage(10, LogLevel.Information, "Listening for job events on {QueueUrl} (unreadable messages go to {DeadLetterQueueUrl})")]
    public static partial void ListenerStarted(ILogger logger, string queueUrl, string deadLetterQueueUrl);


    [LoggerMessage(12, LogLevel.Error, "Receiving from the response queue {QueueUrl} failed; trying again in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, string queueUrl, TimeSpan delay);




    [LoggerMessage(16, LogLevel.Warning, "Handling event {EventId} of job {JobId} failed; the message stays on the queue and will be retried")]
    public static partial void EventHandlingFailed(ILogger logger, Exception exception, string eventId, JobId jobId);

    [LoggerMessage(17, LogLevel.Warning, "Deleting message {MessageId} from the response queue failed ({Code}: {Reason}); it may be delivered again and will then be dropped as a duplicate")]
    public static partial void DeleteFailed(ILogger logger, string messageId, string code, string reason);

    [LoggerMessage(18, LogLevel.Debug, "Job event {EventType} for job {JobId} (event {EventId})")]
    public static partial void EventReceived(ILogger logger, JobEventType eventType, JobId jobId, string eventId);

    [LoggerMessage(19, LogLevel.Warning, "Reading the status of job {JobId} failed; trying again at the next poll")]
    public static partial void StatusPollFailed(ILogger logger, Exception exception, JobId jobId);

    [LoggerMessage(20, LogLevel.Warning, "The completion record of job {JobId} at {Location} could not be read")]
    public static partial void CompletionRecordUnreadable(ILogger logger, Exception exception, JobId jobId, string location);

    [LoggerMessage(21, LogLevel.Warning, "A watcher of {Scope} fell behind and lost its oldest buffered events")]
    public static partial void SubscriberOverflow(ILogger logger, string scope);
}
