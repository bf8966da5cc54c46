using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Reliability;

// Shared by the backend host (which writes these lines) and the suite (which reads them).

/// <summary>One line of the backend's record file: a terminal event as the application received it.</summary>
internal sealed record RecordedCompletion
{
    /// <summary>The backend process that recorded it.</summary>
    public int Pid { get; init; }

    /// <summary>The job.</summary>
    public string JobId { get; init; } = "";

    /// <summary>The terminal event type (Succeeded, Failed, Cancelled, Expired).</summary>
    public string Type { get; init; } = "";

    /// <summary>The error code of a job that did not succeed.</summary>
    public string? Code { get; init; }

    /// <summary>The error message of a job that did not succeed.</summary>
    public string? Message { get; init; }

    /// <summary>The attempts the completion reports.</summary>
    public int Attempts { get; init; }

    /// <summary>The worker that completed it.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The outputs the completion lists.</summary>
    public IReadOnlyList<RecordedOutput> Outputs { get; init; } = [];

    /// <summary>When the application got it (Unix milliseconds).</summary>
    public long AtMs { get; init; }
}

/// <summary>An output listed by a recorded completion.</summary>
internal sealed record RecordedOutput(string Name, string Bucket, string Key, long SizeBytes, string Sha256);

/// <summary>Source-generated JSON for the record file.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecordedCompletion))]
internal sealed partial class RecordJsonContext : JsonSerializerContext;
