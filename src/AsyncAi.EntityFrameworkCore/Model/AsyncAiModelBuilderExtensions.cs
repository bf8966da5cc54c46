using AsyncAi.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the AsyncAi job store's table to an application's own <see cref="DbContext"/> model.</summary>
public static class AsyncAiModelBuilderExtensions
{
    /// <summary>The table's name.</summary>
    public const string JobsTable = "asyncai_jobs";

    /// <summary>
    /// Maps the <c>asyncai_jobs</c> table: one row per job keyed by owner and id, with the indexes its queries use
    /// (an owner's jobs newest first; every job newest first; a window by state and type; an idempotency key). Call it
    /// from <c>OnModelCreating</c>, then add a migration as for any other table of the application.
    /// </summary>
    /// <param name="modelBuilder">The application's model builder.</param>
    /// <param name="schema">The schema for the table, or <see langword="null"/> for the default.</param>
    /// <returns>The same builder.</returns>
    public static ModelBuilder AddAsyncAiJobs(this ModelBuilder modelBuilder, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<JobRow>(job =>
        {
            job.ToTable(JobsTable, schema);
            job.HasKey(j => new { j.Owner, j.JobId });
            job.Property(j => j.Owner).HasColumnName("owner").HasMaxLength(256);
            job.Property(j => j.JobId).HasColumnName("job_id").HasMaxLength(AsyncAi.JobId.MaxLength);
            job.Property(j => j.JobType).HasColumnName("job_type").HasMaxLength(256);
            job.Property(j => j.Status).HasColumnName("status").HasConversion<int>();
            job.Property(j => j.Attempts).HasColumnName("attempts");
            job.Property(j => j.CreatedAtMicros).HasColumnName("created_at_us");
            job.Property(j => j.FinishedAtMicros).HasColumnName("finished_at_us");
            job.Property(j => j.ErrorCode).HasColumnName("error_code").HasMaxLength(128);
            job.Property(j => j.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(256);
            job.Property(j => j.RecordJson).HasColumnName("record");
            job.Property(j => j.Version).HasColumnName("version").IsConcurrencyToken();

            // "My jobs" newest first: one owner, then the page order (created, id), so a page is an index range scan.
            job.HasIndex(j => new { j.Owner, j.CreatedAtMicros, j.JobId }).HasDatabaseName("ix_asyncai_jobs_owner_created");

            // Every owner's jobs newest first, and counts over a time window.
            job.HasIndex(j => new { j.CreatedAtMicros, j.JobId }).HasDatabaseName("ix_asyncai_jobs_created");
            job.HasIndex(j => new { j.Status, j.CreatedAtMicros }).HasDatabaseName("ix_asyncai_jobs_status_created");
            job.HasIndex(j => new { j.Owner, j.IdempotencyKey }).HasDatabaseName("ix_asyncai_jobs_idempotency_key");
        });
        return modelBuilder;
    }
}
