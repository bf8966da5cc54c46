using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.WireFormat;

/// <summary>The body of a request-queue message: one job, as the worker receives it.</summary>
public sealed record JobMessage
{
    /// <summary>The wire format version that wrote the message.</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; } = JobWireFormat.CurrentVersion;

    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job type.</summary>
    public required string JobType { get; init; }

    /// <summary>When the job was published.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Named inputs; empty when the message has none.</summary>
    public IReadOnlyDictionary<string, ObjectReference> Inputs
    {
        get => _inputs;

        // Source-generated JSON passes null for an absent property instead of keeping the default: keep it here.
        init => _inputs = value ?? EmptyInputs;
    }

    /// <summary>Handler parameters.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>The idempotency key the job was published with.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>When the job stops being worth running.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The owner or tenant.</summary>
    public string? Owner { get; init; }

    /// <summary>The bucket and prefix (ending in '/') under which the worker writes outputs and the completion record.</summary>
    public required ObjectReference OutputPrefix { get; init; }

    /// <summary>Free-form metadata; empty when the message has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init => _metadata = value ?? EmptyMetadata;
    }

    private static readonly IReadOnlyDictionary<string, ObjectReference> EmptyInputs = new Dictionary<string, ObjectReference>();
    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
    private readonly IReadOnlyDictionary<string, ObjectReference> _inputs = EmptyInputs;
    private readonly IReadOnlyDictionary<string, string> _metadata = EmptyMetadata;
}
