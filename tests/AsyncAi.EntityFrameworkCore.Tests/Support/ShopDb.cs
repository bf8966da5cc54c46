using Microsoft.EntityFrameworkCore;

namespace AsyncAi.EntityFrameworkCore.Tests.Support;

/// <summary>An application's own context: its own table, and the job store's beside it (no second context).</summary>
public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>().ToTable("orders");
        modelBuilder.AddAsyncAiJobs();
    }
}

public sealed class Order
{
    public int Id { get; set; }

    public string Product { get; set; } = string.Empty;
}
