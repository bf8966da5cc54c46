namespace AsyncAi.Worker.Onnx;

/// <summary>Turns the model's output tensors into the job's output files. Resolved from the job's DI scope.</summary>
public interface IOnnxOutputMapper
{
    /// <summary>Writes the job's outputs through <see cref="IJobContext.Outputs"/>.</summary>
    /// <param name="context">The job.</param>
    /// <param name="model">The model.</param>
    /// <param name="result">The request's output tensors; valid until this call returns.</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    Task MapOutputsAsync(IJobContext context, OnnxModel model, OnnxResult result, CancellationToken cancellationToken);
}
