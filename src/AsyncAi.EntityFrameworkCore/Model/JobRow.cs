namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// One job as the <c>asyncai_jobs</c> table holds it: the columns a query filters or sorts on, and the rest of the
/// <see cref="JobRecord"/> as JSON. Times are whole microseconds since the Unix epoch (<c>bigint</c>): every provider
/// sorts and compares them in SQL (SQLite cannot sort a <c>DateTimeOffset</c>), and they index as one column.
/// </summary>
internal sealed class JobRow
{
    /// <summary>The owner, empty for a job without one: part of the primary key, which cannot hold null.</summary>
    public string Owner { get; set; } = string.Empty;

    public string JobId { get; set; } = string.Empty;

    public string JobType { get; set; } = string.Empty;

    public JobRecordStatus Status { get; set; }

    public int Attempts { get; set; }

    public long CreatedAtMicros { get; set; }

    public long? FinishedAtMicros { get; set; }

    public string? ErrorCode { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>The whole record (outputs, metadata, last event, times) as JSON, read back as it was written.</summary>
    public string RecordJson { get; set; } = string.Empty;

    /// <summary>Bumped on every write: two backend instances folding events into one job cannot overwrite each other.</summary>
    public long Version { get; set; }
}
