using Microsoft.ML.OnnxRuntime;

namespace AsyncAi.Worker.Onnx;

/// <summary>Loads the native ONNX Runtime once and turns "library not found" into an error that says what to reference.</summary>
internal static class NativeRuntime
{
    public static OrtEnv EnsureLoaded()
    {
        try
        {
            return OrtEnv.Instance();
        }
        catch (Exception ex) when (IsMissingLibrary(ex))
        {
            throw new OnnxRuntimeMissingException(ex);
        }
    }

    /// <summary>Whether an error from the first ONNX Runtime call means the native library is missing.</summary>
    public static bool IsMissingLibrary(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return true;
            }
        }

        return false;
    }
}
