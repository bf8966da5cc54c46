using Microsoft.Extensions.Logging;

namespace AsyncAi.AspNetCore;

/// <summary>Source-generated log messages of the endpoints.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Job {JobId} created for owner {Owner}")]
    public static partial void JobCreated(ILogger logger, JobId jobId, string? owner);

    [LoggerMessage(2, LogLevel.Information, "Job {JobId} published")]
    public static partial void JobStarted(ILogger logger, JobId jobId);

    [LoggerMessage(3, LogLevel.Information, "Job {JobId}: cancellation requested")]
    public static partial void JobCancelRequested(ILogger logger, JobId jobId);

    [LoggerMessage(4, LogLevel.Warning, "Rejected a webhook call: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string? reason);

    [LoggerMessage(5, LogLevel.Warning, "Refused a worker upload-URL request for job {JobId}: {Reason}")]
    public static partial void WorkerUploadRefused(ILogger logger, string jobId, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Refused a plain-http call to {Path} from {RemoteAddress}: https is required outside loopback")]
    public static partial void HttpsRequired(ILogger logger, string path, string? remoteAddress);

    [LoggerMessage(7, LogLevel.Debug, "Event stream of job {JobId} ended: {Reason}")]
    public static partial void StreamEnded(ILogger logger, JobId jobId, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Refused a cross-site {Method} to {Path} (Origin {Origin}): {Reason}")]
    public static partial void CrossSiteRequestRefused(ILogger logger, string method, string? path, string origin, string reason);

    [LoggerMessage(20, LogLevel.Warning, "Job {JobId}: the output '{OutputName}' at {Location} is not in the job's own outputs/ folder; no download link is made for it")]
    public static partial void ForeignOutputSkipped(ILogger logger, JobId jobId, string outputName, string location);
}
