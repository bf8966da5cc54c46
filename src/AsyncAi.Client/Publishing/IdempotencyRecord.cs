using System.Text.Json.Serialization;

namespace AsyncAi.Client;

/// <summary>What <c>{root}_idempotency/{hash}</c> holds: the job an idempotency key was first published with.</summary>
internal sealed record IdempotencyRecord
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    public required JobId JobId { get; init; }

    public required string JobType { get; init; }

    public string? Owner { get; init; }

    public required ObjectReference Prefix { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }
}
