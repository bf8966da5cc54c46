namespace AsyncAi.Worker.Onnx;

/// <summary>Turns a job's input files into the model's input tensors. Resolved from the job's DI scope.</summary>
public interface IOnnxInputMapper
{
    /// <summary>Reads the job's inputs and makes one tensor per model input.</summary>
    /// <param name="context">The job.</param>
    /// <param name="model">The model, loaded: its <see cref="OnnxModel.Inputs"/> tell the names and shapes it expects.</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    /// <returns>The tensors by model input name, each with its first dimension the batch (usually 1).</returns>
    /// <exception cref="InvalidJobInputException">An input cannot be read as a tensor.</exception>
    ValueTask<IReadOnlyDictionary<string, OnnxTensor>> MapInputsAsync(IJobContext context, OnnxModel model, CancellationToken cancellationToken);
}
