using Microsoft.EntityFrameworkCore;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// A context of the job store alone, for an application that keeps no <see cref="DbContext"/> of its own (or wants
/// the jobs in another database). An application with one calls <see cref="AsyncAiModelBuilderExtensions.AddAsyncAiJobs"/>
/// in its own model instead.
/// </summary>
/// <param name="options">The context's options (provider and connection).</param>
public sealed class AsyncAiJobsDbContext(DbContextOptions<AsyncAiJobsDbContext> options) : DbContext(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddAsyncAiJobs();
}
