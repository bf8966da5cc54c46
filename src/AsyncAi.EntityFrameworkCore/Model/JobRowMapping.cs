using System.Text.Json;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>Between <see cref="JobRecord"/> and <see cref="JobRow"/>: the columns, and the record itself as JSON.</summary>
internal static class JobRowMapping
{
    public static string OwnerColumn(string? owner) => owner ?? string.Empty;

    public static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static JobRecord ToRecord(JobRow row) =>
        JsonSerializer.Deserialize(row.RecordJson, JobStoreJsonContext.Default.StoredJobRecord)!.ToRecord();

    /// <summary>Writes a record onto a row (new or loaded), columns and JSON alike.</summary>
    public static void Write(JobRecord record, JobRow row)
    {
        row.Owner = OwnerColumn(record.Owner);
        row.JobId = record.JobId.Value;
        row.JobType = record.JobType;
        row.Status = record.Status;
        row.Attempts = record.Attempts;
        row.CreatedAtMicros = Micros(record.CreatedAt);
        row.FinishedAtMicros = record.FinishedAt is { } finished ? Micros(finished) : null;
        row.ErrorCode = record.Error?.Code;
        row.IdempotencyKey = record.IdempotencyKey;
        row.RecordJson = JsonSerializer.Serialize(StoredJobRecord.From(record), JobStoreJsonContext.Default.StoredJobRecord);
        row.Version++;
    }
}
