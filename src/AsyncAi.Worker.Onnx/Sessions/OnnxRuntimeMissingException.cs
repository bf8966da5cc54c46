namespace AsyncAi.Worker.Onnx;

/// <summary>
/// The native ONNX Runtime library is not there. AsyncAi.Worker references only the managed ONNX Runtime
/// package, so that the application picks the native one: <c>Microsoft.ML.OnnxRuntime</c> for the CPU or
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> for CUDA (never both).
/// </summary>
public sealed class OnnxRuntimeMissingException : Exception
{
    internal const string Explanation =
        "The native ONNX Runtime library (onnxruntime) could not be loaded. AsyncAi.Worker references only " +
        "Microsoft.ML.OnnxRuntime.Managed: the application must also reference a native package, " +
        "Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu (CUDA), but not both, with the same version as Microsoft.ML.OnnxRuntime.Managed.";

    /// <summary>Creates the exception with the standard explanation.</summary>
    public OnnxRuntimeMissingException()
        : base(Explanation)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The explanation.</param>
    public OnnxRuntimeMissingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the standard explanation and the loader's error.</summary>
    /// <param name="innerException">The loader's error.</param>
    public OnnxRuntimeMissingException(Exception? innerException)
        : base(Explanation + " Loader error: " + innerException?.GetBaseException().Message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The loader's error.</param>
    public OnnxRuntimeMissingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
