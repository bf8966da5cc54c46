namespace AsyncAi;

/// <summary>
/// Folds a job's publication and events into its <see cref="JobRecord"/>. Every job store uses this one rule, so an
/// in-memory store and a database agree: events arrive more than once and out of order, a terminal state is final
/// (<see cref="JobEventOrdering"/>), and what only the publication knows (idempotency key, metadata, creation time)
/// survives whichever arrives first. A worker's secrets in the metadata (<see cref="JobSecretMetadata"/>) are never kept.
/// </summary>
public static class JobRecords
{
    /// <summary>The record after <paramref name="jobEvent"/>, or <see langword="null"/> when the event changes nothing.</summary>
    /// <param name="current">The record the store holds, or <see langword="null"/> when it holds none.</param>
    /// <param name="jobEvent">The event that arrived.</param>
    public static JobRecord? Apply(JobRecord? current, JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (current is not null && !JobEventOrdering.Supersedes(current.LastEvent, jobEvent))
        {
            return null;
        }

        var completion = jobEvent.Completion;
        var started = completion?.Timings.StartedAt
            ?? (jobEvent.Type == JobEventType.Started ? jobEvent.Timestamp : current?.StartedAt)
            ?? (jobEvent.Type == JobEventType.Progress ? jobEvent.Timestamp : null);
        return new JobRecord
        {
            JobId = jobEvent.JobId,
            Owner = jobEvent.Owner,
            JobType = jobEvent.JobType ?? completion?.JobType ?? current?.JobType ?? string.Empty,
            Status = StatusOf(jobEvent.Type),
            Attempts = Math.Max(current?.Attempts ?? 0, Math.Max(completion?.Attempts ?? 0, jobEvent.Attempt ?? 0)),
            CreatedAt = current?.CreatedAt ?? Microseconds(completion?.Timings.QueuedAt ?? jobEvent.Timestamp),
            StartedAt = started is { } s ? Microseconds(s) : null,
            FinishedAt = jobEvent.IsTerminal ? Microseconds(completion?.Timings.FinishedAt ?? jobEvent.Timestamp) : null,
            WorkerId = jobEvent.WorkerId ?? completion?.WorkerId ?? current?.WorkerId,
            Error = completion?.Error,
            Outputs = completion?.Outputs ?? [],
            IdempotencyKey = current?.IdempotencyKey,
            Metadata = current is { Metadata.Count: > 0 } ? current.Metadata : JobSecretMetadata.Without(completion?.Metadata ?? new Dictionary<string, string>()),
            LastEvent = jobEvent,
        };
    }

    /// <summary>
    /// The record once the store knows how the job was published. A record that events made first (a fast worker's
    /// Started can overtake the publisher's own write) keeps its state and gains what only the publication knows.
    /// </summary>
    /// <param name="current">The record the store holds, or <see langword="null"/> when it holds none.</param>
    /// <param name="publication">The publication.</param>
    public static JobRecord Publish(JobRecord? current, JobPublication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var queuedAt = Microseconds(publication.QueuedAt);
        if (current is null)
        {
            return new JobRecord
            {
                JobId = publication.JobId,
                Owner = publication.Owner,
                JobType = publication.JobType,
                Status = JobRecordStatus.Queued,
                CreatedAt = queuedAt,
                IdempotencyKey = publication.IdempotencyKey,
                Metadata = JobSecretMetadata.Without(publication.Metadata),
                LastEvent = new JobEvent
                {
                    JobId = publication.JobId,
                    Owner = publication.Owner,
                    Type = JobEventType.Queued,
                    Timestamp = publication.QueuedAt,
                    JobType = publication.JobType,
                },
            };
        }

        return current with
        {
            JobType = current.JobType.Length == 0 ? publication.JobType : current.JobType,
            CreatedAt = queuedAt < current.CreatedAt ? queuedAt : current.CreatedAt,
            IdempotencyKey = current.IdempotencyKey ?? publication.IdempotencyKey,
            Metadata = current.Metadata.Count > 0 ? current.Metadata : JobSecretMetadata.Without(publication.Metadata),
        };
    }

    private static JobRecordStatus StatusOf(JobEventType type) => type switch
    {
        JobEventType.Queued => JobRecordStatus.Queued,
        JobEventType.Started or JobEventType.Progress => JobRecordStatus.Running,
        JobEventType.Succeeded => JobRecordStatus.Succeeded,
        JobEventType.Failed => JobRecordStatus.Failed,
        JobEventType.Cancelled => JobRecordStatus.Cancelled,
        JobEventType.Expired => JobRecordStatus.Expired,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown job event type."),
    };

    /// <summary>
    /// A time cut to whole microseconds, the precision of PostgreSQL's <c>timestamptz</c>: a record read back from a
    /// database then compares equal to the one kept in memory, and page cursors (<see cref="JobPageCursor"/>) match.
    /// </summary>
    internal static DateTimeOffset Microseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);
}
