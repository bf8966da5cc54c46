namespace AsyncAi.WireFormat;

/// <summary>A message could not be read as an AsyncAi message: bad JSON, missing fields, or an unknown version.</summary>
public class WireFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the message.</param>
    /// <param name="innerException">The underlying error.</param>
    public WireFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A message was written by a version of the wire format that this reader does not know.</summary>
public sealed class UnsupportedWireVersionException : WireFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="version">The version the message declares.</param>
    /// <param name="supported">The version this reader knows.</param>
    public UnsupportedWireVersionException(int version, int supported)
        : base($"The message uses AsyncAi wire format version {version}, but this reader supports version {supported} only. Upgrade the reader or the writer so that both use the same major version.")
    {
        Version = version;
        SupportedVersion = supported;
    }

    /// <summary>The version the message declares.</summary>
    public int Version { get; }

    /// <summary>The version this reader knows.</summary>
    public int SupportedVersion { get; }
}
