using AsyncAi.WireFormat;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// The JSON of a row's <see cref="JobRow.RecordJson"/>: a <see cref="JobRecord"/> with its last event in the wire
/// format (versioned, read by the same reader as every event), whose completion also holds the outputs and the error.
/// Its own type so that the stored shape changes only on purpose.
/// </summary>
internal sealed record StoredJobRecord
{
    public string? Owner { get; init; }

    public required string JobId { get; init; }

    public required string JobType { get; init; }

    public JobRecordStatus Status { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? WorkerId { get; init; }

    public string? IdempotencyKey { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The last event as an <see cref="EventMessage"/> body.</summary>
    public required string LastEvent { get; init; }

    public static StoredJobRecord From(JobRecord record) => new()
    {
        Owner = record.Owner,
        JobId = record.JobId.Value,
        JobType = record.JobType,
        Status = record.Status,
        Attempts = record.Attempts,
        CreatedAt = record.CreatedAt,
        StartedAt = record.StartedAt,
        FinishedAt = record.FinishedAt,
        WorkerId = record.WorkerId,
        IdempotencyKey = record.IdempotencyKey,
        Metadata = record.Metadata,
        LastEvent = JobWireFormat.Serialize(new EventMessage { EventId = record.JobId.Value + ":" + record.LastEvent.Type, Event = record.LastEvent }),
    };

    public JobRecord ToRecord()
    {
        var last = JobWireFormat.DeserializeEvent(LastEvent).Event;
        return new()
        {
            Owner = Owner,
            JobId = AsyncAi.JobId.Parse(JobId),
            JobType = JobType,
            Status = Status,
            Attempts = Attempts,
            CreatedAt = CreatedAt,
            StartedAt = StartedAt,
            FinishedAt = FinishedAt,
            WorkerId = WorkerId,
            Error = last.Completion?.Error,
            Outputs = last.Completion?.Outputs ?? [],
            IdempotencyKey = IdempotencyKey,
            Metadata = Metadata ?? new Dictionary<string, string>(),
            LastEvent = last,
        };
    }
}
