using System.Text.Json.Serialization;

namespace AsyncAi.Client;

/// <summary>What a job's status record (<see cref="JobStorageLayout.StatusKey"/>) holds: the latest event of one job.</summary>
internal sealed record StatusDocument
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    public required JobEvent LastEvent { get; init; }
}
