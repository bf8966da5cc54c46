using System.Text.Json.Serialization;

namespace AsyncAi.WireFormat;

/// <summary>The body of a response-queue message or webhook call: one job event.</summary>
public sealed record EventMessage
{
    /// <summary>The wire format version that wrote the message.</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; } = JobWireFormat.CurrentVersion;

    /// <summary>A unique id of this event, for de-duplication (SQS and webhooks deliver at least once).</summary>
    public required string EventId { get; init; }

    /// <summary>The event.</summary>
    public required JobEvent Event { get; init; }
}
