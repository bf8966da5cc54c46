using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>The log message of a claim-check body left behind by a publish that failed.</summary>
internal static partial class Log
{
    [LoggerMessage(4, LogLevel.Warning, "Could not delete the claim-check body {Location} of job {JobId}, which was not sent; it stays in S3 until a lifecycle rule removes it")]
    public static partial void ClaimCheckCleanupFailed(ILogger logger, Exception exception, string location, JobId jobId);
}
