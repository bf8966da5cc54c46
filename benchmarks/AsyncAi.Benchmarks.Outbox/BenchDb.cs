using Microsoft.EntityFrameworkCore;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>The application's own context, as in the docs: its orders and, beside them, the job store and outbox tables.</summary>
internal sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>().ToTable("orders");
        modelBuilder.AddAsyncAiJobs();
    }
}

internal sealed class Order
{
    public long Id { get; set; }

    public string Product { get; set; } = string.Empty;
}
