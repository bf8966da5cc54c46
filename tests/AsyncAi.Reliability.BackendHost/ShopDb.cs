using Microsoft.EntityFrameworkCore;

namespace AsyncAi.Reliability.BackendHost;

/// <summary>The application's own context in outbox mode: its <c>orders</c> table, and the job store's tables beside it.</summary>
internal sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Seq);

            // The writer numbers orders itself (it continues after the highest committed one), so no identity column.
            order.Property(o => o.Seq).HasColumnName("seq").ValueGeneratedNever();
            order.Property(o => o.JobId).HasColumnName("job_id");
        });
        modelBuilder.AddAsyncAiJobs();
    }
}

/// <summary>One order: its sequence number and the job published with it.</summary>
internal sealed class Order
{
    public int Seq { get; set; }

    public string JobId { get; set; } = "";
}
