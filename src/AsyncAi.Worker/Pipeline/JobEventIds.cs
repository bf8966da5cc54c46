namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// Event ids. The terminal event's id is deterministic, so a completion re-sent after a duplicate delivery or a
/// crash is recognised as the same event by the client.
/// </summary>
internal static class JobEventIds
{
    public static string Completion(JobId jobId) => $"{jobId.Value}:completion";

    public static string Started(JobId jobId, int attempt) => $"{jobId.Value}:started:{attempt}";

    public static string Progress(JobId jobId) => $"{jobId.Value}:progress:{Guid.NewGuid():N}";
}
