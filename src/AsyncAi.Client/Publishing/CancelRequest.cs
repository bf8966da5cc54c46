using System.Text.Json.Serialization;

namespace AsyncAi.Client;

/// <summary>What the <c>_cancel</c> marker holds; workers only test that it exists, the content is for people reading the bucket.</summary>
internal sealed record CancelRequest
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    public required JobId JobId { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
