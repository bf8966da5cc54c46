namespace AsyncAi.Worker.Onnx;

/// <summary>Runs one gathered batch and completes every request in it, with a result or an error.</summary>
internal interface IBatchExecutor
{
    void Execute(IReadOnlyList<BatchRequest> batch);
}
