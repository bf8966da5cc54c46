namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// Event ids. The terminal event's id is deterministic, so a completion re-sent after a duplicate delivery or a
/// crash is recognised as the same event by the client. An owner's job has its ids under <c>owner={owner}/</c>: two
/// owners' jobs may share an id, and a reader that de-duplicates on the event id alone must not take one owner's
/// completion for a re-send of the other's.
/// </summary>
internal static class JobEventIds
{
    public static string Completion(JobId jobId, string? owner) => $"{Scope(owner)}{jobId.Value}:completion";

    public static string Started(JobId jobId, string? owner, int attempt) => $"{Scope(owner)}{jobId.Value}:started:{attempt}";

    public static string Progress(JobId jobId, string? owner) => $"{Scope(owner)}{jobId.Value}:progress:{Guid.NewGuid():N}";

    private static string Scope(string? owner) => owner is null ? string.Empty : $"{JobStorageLayout.OwnerFolderPrefix}{owner}/";
}
