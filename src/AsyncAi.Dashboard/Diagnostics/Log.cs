using Microsoft.Extensions.Logging;

namespace AsyncAi.Dashboard;

/// <summary>The dashboard's log lines: every action, with who did it, and every refusal.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2510, Level = LogLevel.Information, Message = "Dashboard action {Action} on {Target} by {Actor}: {Outcome}")]
    public static partial void Action(ILogger logger, string action, string target, string actor, string outcome);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Dashboard refused {Method} {Path} from {Actor}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string? path, string actor, string reason);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Error, Message = "Dashboard operation {Operation} ({Kind} on {Queue}) failed")]
    public static partial void OperationFailed(ILogger logger, string operation, string kind, string queue, Exception exception);

    [LoggerMessage(EventId = 2513, Level = LogLevel.Information, Message = "SQS refused a message move task on {Queue} ({ErrorCode}); moving the messages in batches instead")]
    public static partial void MoveTaskRefused(ILogger logger, string queue, string? errorCode);

    [LoggerMessage(EventId = 2514, Level = LogLevel.Debug, Message = "A dashboard stream ended: the viewer left")]
    public static partial void StreamEnded(ILogger logger);
}
