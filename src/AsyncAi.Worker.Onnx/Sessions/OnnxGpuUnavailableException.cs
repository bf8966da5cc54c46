namespace AsyncAi.Worker.Onnx;

/// <summary>
/// <see cref="OnnxModelOptions.RequireGpu"/> is set and no GPU execution provider could be loaded: the worker must
/// not start, rather than run on the CPU.
/// </summary>
public sealed class OnnxGpuUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxGpuUnavailableException()
        : this("No GPU execution provider could be loaded.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which providers failed and why.</param>
    public OnnxGpuUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which providers failed and why.</param>
    /// <param name="innerException">The last provider's error.</param>
    public OnnxGpuUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
