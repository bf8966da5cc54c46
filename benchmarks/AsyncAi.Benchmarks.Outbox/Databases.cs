using AsyncAi.Testing.Emulator;
using Microsoft.EntityFrameworkCore;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>A fresh database of either kind per pass, so no pass inherits another's rows or indexes.</summary>
internal sealed class Databases(PostgresServer? postgres) : IAsyncDisposable
{
    private readonly List<string> _files = [];

    /// <summary>A new, empty database with the schema, as options for the context.</summary>
    public async Task<Action<DbContextOptionsBuilder>> CreateAsync(string kind)
    {
        Action<DbContextOptionsBuilder> use;
        if (kind == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), "asyncai-bench-" + Guid.NewGuid().ToString("N") + ".db");
            _files.Add(file);

            // WAL as a production SQLite app would run it: readers do not wait for the writer.
            use = o => o.UseSqlite($"Data Source={file}");
            await using var setup = new BenchDb(Options(use));
            await setup.Database.EnsureCreatedAsync();
            await setup.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            return use;
        }

        if (kind == "postgres")
        {
            var connection = await (postgres ?? throw new InvalidOperationException("No PostgreSQL server was started.")).CreateDatabaseAsync();
            use = o => o.UseNpgsql(connection);
            await using var setup = new BenchDb(Options(use));
            await setup.Database.EnsureCreatedAsync();
            return use;
        }

        throw new ArgumentException($"Unknown database '{kind}' (sqlite, postgres).", nameof(kind));
    }

    public static DbContextOptions<BenchDb> Options(Action<DbContextOptionsBuilder> use)
    {
        var builder = new DbContextOptionsBuilder<BenchDb>();
        use(builder);
        return builder.Options;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }

        return ValueTask.CompletedTask;
    }
}
