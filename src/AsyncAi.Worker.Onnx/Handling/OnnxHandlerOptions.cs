namespace AsyncAi.Worker.Onnx;

/// <summary>
/// A model run as the handler of one job type, with the mappers that turn the job's files into tensors and the
/// tensors into files. By default inputs and outputs are tensors as JSON (<see cref="JsonTensorInputMapper"/>,
/// <see cref="JsonTensorOutputMapper"/>).
/// </summary>
public sealed class OnnxHandlerOptions : OnnxModelOptions
{
    internal Type InputMapperType { get; private set; } = typeof(JsonTensorInputMapper);

    internal Type OutputMapperType { get; private set; } = typeof(JsonTensorOutputMapper);

    /// <summary>Reads the job's inputs with <typeparamref name="TMapper"/>, resolved from the job's DI scope (registered as transient unless already registered).</summary>
    /// <typeparam name="TMapper">The mapper type.</typeparam>
    /// <returns>These options.</returns>
    public OnnxHandlerOptions UseInputMapper<TMapper>()
        where TMapper : class, IOnnxInputMapper
    {
        InputMapperType = typeof(TMapper);
        return this;
    }

    /// <summary>Writes the job's outputs with <typeparamref name="TMapper"/>, resolved from the job's DI scope (registered as transient unless already registered).</summary>
    /// <typeparam name="TMapper">The mapper type.</typeparam>
    /// <returns>These options.</returns>
    public OnnxHandlerOptions UseOutputMapper<TMapper>()
        where TMapper : class, IOnnxOutputMapper
    {
        OutputMapperType = typeof(TMapper);
        return this;
    }

    internal void CopyModelSettingsTo(OnnxModelOptions target)
    {
        target.ModelPath = ModelPath;
        target.ExpectedSha256 = ExpectedSha256;
        target.ModelCacheDirectory = ModelCacheDirectory;
        target.RequireGpu = RequireGpu;
        target.MaxBatchSize = MaxBatchSize;
        target.MaxBatchDelay = MaxBatchDelay;
        target.MaxConcurrentRuns = MaxConcurrentRuns;
        target.IntraOpThreads = IntraOpThreads;
        target.ExecutionProviders.Clear();
        foreach (var provider in ExecutionProviders)
        {
            target.ExecutionProviders.Add(provider);
        }

        target.WarmupShapes.Clear();
        foreach (var shape in WarmupShapes)
        {
            target.WarmupShapes.Add(shape);
        }
    }
}
