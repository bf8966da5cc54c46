namespace AsyncAi.Worker;

/// <summary>Facts derived from the worker's options, stated once for every part that needs them.</summary>
internal static class WorkerOptionRules
{
    /// <summary>Whether completion records and cancellation markers are used: asked for, and S3 is reachable.</summary>
    public static bool RecordsEnabled(this AsyncAiWorkerOptions options) =>
        options.UseCompletionRecords && options.UploadMode != OutputUploadMode.PresignedUrls;
}
