namespace AsyncAi.Worker;

/// <summary>The names (and tag) under which <c>AddAsyncAiWorker()</c> and <c>AddAsyncAiOnnxModels()</c> register health checks.</summary>
public static class AsyncAiWorkerHealthChecks
{
    /// <summary>The worker's poller is running and receiving (<c>AddHealthChecks().AddAsyncAiWorker()</c>).</summary>
    public const string Receiving = "asyncai-worker-receiving";

    /// <summary>Every registered ONNX model is loaded (<c>AddHealthChecks().AddAsyncAiOnnxModels()</c>, AsyncAi.Worker.Onnx).</summary>
    public const string ModelsLoaded = "asyncai-onnx-models-loaded";

    /// <summary>The tag both carry, for <c>MapHealthChecks("/health", new() { Predicate = c => c.Tags.Contains(Tag) })</c>.</summary>
    public const string Tag = "asyncai";
}
