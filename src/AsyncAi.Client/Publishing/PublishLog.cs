using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>The log messages of a publish's clean-up and bookkeeping after the send.</summary>
internal static partial class Log
{
    [LoggerMessage(4, LogLevel.Warning, "Could not delete the claim-check body {Location} of job {JobId}, which was not sent; it stays in S3 until a lifecycle rule removes it")]
    public static partial void ClaimCheckCleanupFailed(ILogger logger, Exception exception, string location, JobId jobId);

    [LoggerMessage(5, LogLevel.Warning, "Job {JobId} was published, but its queued state could not be recorded; watchers see it from its first event")]
    public static partial void QueuedStateNotRecorded(ILogger logger, Exception exception, JobId jobId);
}
