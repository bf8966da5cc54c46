using System.Text.Json;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// A <see cref="JobRequest"/> as the outbox stores it: every field, so the job the dispatcher sends is the one the
/// caller asked for (inputs, parameters, idempotency key, deadline, owner, lane, metadata), with its id already given.
/// </summary>
internal sealed record OutboxRequest
{
    public required string JobId { get; init; }

    public required string JobType { get; init; }

    public Dictionary<string, ObjectReference>? Inputs { get; init; }

    public JsonElement? Parameters { get; init; }

    public string? IdempotencyKey { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public string? Owner { get; init; }

    public string? Lane { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public static OutboxRequest From(JobRequest request, JobId jobId) => new()
    {
        JobId = jobId.Value,
        JobType = request.JobType,
        Inputs = request.Inputs is { Count: > 0 } inputs ? new Dictionary<string, ObjectReference>(inputs, StringComparer.Ordinal) : null,
        Parameters = request.Parameters,
        IdempotencyKey = request.IdempotencyKey,
        Deadline = request.Deadline,
        Owner = request.Owner,
        Lane = request.Lane,
        Metadata = request.Metadata is { Count: > 0 } metadata ? new Dictionary<string, string>(metadata, StringComparer.Ordinal) : null,
    };

    public JobRequest ToRequest() => new(JobType)
    {
        JobId = AsyncAi.JobId.Parse(JobId),
        Inputs = Inputs ?? new Dictionary<string, ObjectReference>(),
        Parameters = Parameters,
        IdempotencyKey = IdempotencyKey,
        Deadline = Deadline,
        Owner = Owner,
        Lane = Lane,
        Metadata = Metadata ?? new Dictionary<string, string>(),
    };
}
