using System.Text.Json.Serialization;

namespace AsyncAi.WireFormat;

/// <summary>
/// The body sent instead of a job message that is too large for the queue: the real message is in S3, and the
/// worker reads it from there transparently.
/// </summary>
public sealed record ClaimCheck
{
    /// <summary>The wire format version that wrote the message.</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; } = JobWireFormat.CurrentVersion;

    /// <summary>Where the real message body is.</summary>
    public required ObjectReference ClaimCheckLocation { get; init; }

    /// <summary>The size of the real body in bytes.</summary>
    public required long SizeBytes { get; init; }
}
