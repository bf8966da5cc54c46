using AsyncAi.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds the AsyncAi job store's table to an application's own <see cref="DbContext"/> model.</summary>
public static class AsyncAiModelBuilderExtensions
{
    /// <summary>The table's name.</summary>
    public const string JobsTable = "asyncai_jobs";

    /// <summary>The transactional outbox's table.</summary>
    public const string OutboxTable = "asyncai_outbox";

    /// <summary>
    /// Maps the <c>asyncai_jobs</c> table: one row per job keyed by owner and id, with the indexes its queries use
    /// (an owner's jobs newest first; every job newest first; a window by state and type; an idempotency key); and the
    /// <c>asyncai_outbox</c> table of jobs waiting to be sent (<see cref="AsyncAi.EntityFrameworkCore.IJobOutbox"/>).
    /// Call it from <c>OnModelCreating</c>, then add a migration as for any other table of the application.
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

        modelBuilder.Entity<OutboxMessage>(message =>
        {
            message.ToTable(OutboxTable, schema);
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
            message.Property(m => m.JobId).HasColumnName("job_id").HasMaxLength(AsyncAi.JobId.MaxLength);
            message.Property(m => m.Owner).HasColumnName("owner").HasMaxLength(256);
            message.Property(m => m.JobType).HasColumnName("job_type").HasMaxLength(256);
            message.Property(m => m.RequestJson).HasColumnName("request");
            message.Property(m => m.TraceParent).HasColumnName("traceparent").HasMaxLength(128);
            message.Property(m => m.TraceState).HasColumnName("tracestate").HasMaxLength(512);
            message.Property(m => m.CreatedAtMicros).HasColumnName("created_at_us");
            message.Property(m => m.LockedUntilMicros).HasColumnName("locked_until_us");
            message.Property(m => m.ClaimToken).HasColumnName("claim_token").HasMaxLength(32);
            message.Property(m => m.Claims).HasColumnName("claims");
            message.Property(m => m.Attempts).HasColumnName("attempts");
            message.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(OutboxMessage.MaxErrorLength);

            // The claim: free rows (lease passed) oldest first, an index range scan; then the rows one claim won.
            message.HasIndex(m => new { m.LockedUntilMicros, m.Id }).HasDatabaseName("ix_asyncai_outbox_free");
            message.HasIndex(m => m.ClaimToken).HasDatabaseName("ix_asyncai_outbox_claim");
        });
        return modelBuilder;
    }
}
