namespace AsyncAi.Worker.Onnx;

/// <summary>A model could not be loaded; <see cref="Permanent"/> tells whether trying again could help.</summary>
public sealed class OnnxModelLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="permanent">Whether the failure will happen again however often the load is tried.</param>
    /// <param name="innerException">The underlying error.</param>
    public OnnxModelLoadException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException)
    {
        Permanent = permanent;
    }

    /// <summary>Creates a permanent failure (for serializers and analyzers that want the common constructors).</summary>
    public OnnxModelLoadException()
        : this("the model could not be loaded.", permanent: true)
    {
    }

    /// <summary>Creates a permanent failure.</summary>
    /// <param name="message">What went wrong.</param>
    public OnnxModelLoadException(string message)
        : this(message, permanent: true)
    {
    }

    /// <summary>Creates a permanent failure.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public OnnxModelLoadException(string message, Exception? innerException)
        : this(message, permanent: true, innerException)
    {
    }

    /// <summary>Whether the failure will happen again however often the load is tried (a bad checksum, a missing GPU).</summary>
    public bool Permanent { get; }
}
