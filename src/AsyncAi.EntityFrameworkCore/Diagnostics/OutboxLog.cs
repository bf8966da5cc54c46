using Microsoft.Extensions.Logging;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>The outbox's log messages, source-generated (event ids 7001-7099).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(7001, LogLevel.Warning, "Could not send job {JobId} from the outbox (attempt {Attempt}); retrying in {RetryIn}")]
    public static partial void SendFailed(ILogger logger, Exception exception, string jobId, int attempt, TimeSpan retryIn);

    [LoggerMessage(7002, LogLevel.Error, "Gave up sending job {JobId} from the outbox after {Attempts} attempts; its row is parked (locked_until_us = max) until reset")]
    public static partial void Parked(ILogger logger, Exception exception, string jobId, int attempts);

    [LoggerMessage(7003, LogLevel.Error, "The outbox dispatcher could not read or update its table; trying again in {RetryIn}")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, TimeSpan retryIn);

    [LoggerMessage(7004, LogLevel.Warning, "Outbox job {JobId} has the idempotency key of job {FirstJobId} published before, outside this database; it was not sent")]
    public static partial void DuplicateOfOtherJob(ILogger logger, string jobId, string firstJobId);
}
