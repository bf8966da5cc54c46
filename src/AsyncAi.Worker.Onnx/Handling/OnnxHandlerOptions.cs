namespace AsyncAi.Worker.Onnx;

/// <summary>
/// A model run as the handler of one job type, with the mappers that turn the job's files into tensors and the
/// tensors into files. By default inputs and outputs are tensors as JSON (<see cref="JsonTensorInputMapper"/>,
/// <see cref="JsonTensorOutputMapper"/>). The model's settings are <see cref="Model"/>, the very options of the model
/// named after the job type, not a copy of them.
/// </summary>
public sealed class OnnxHandlerOptions
{
    /// <summary>Options over a model's options: the ones the model registered for the job type is built with.</summary>
    /// <param name="model">The model's options.</param>
    internal OnnxHandlerOptions(OnnxModelOptions model) => Model = model;

    /// <summary>Options over new model options, to read the mapper types at registration.</summary>
    public OnnxHandlerOptions()
        : this(new OnnxModelOptions())
    {
    }

    /// <summary>The model's settings (every key of <see cref="OnnxModelOptions"/>), validated at start like any model's.</summary>
    public OnnxModelOptions Model { get; }

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
}
