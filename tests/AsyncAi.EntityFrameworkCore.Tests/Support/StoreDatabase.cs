using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.EntityFrameworkCore.Tests.Support;

/// <summary>A database for one test, with the job store registered over the application's context.</summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly Action<DbContextOptionsBuilder> _provider;
    private readonly string? _file;

    private StoreDatabase(Action<DbContextOptionsBuilder> provider, string? file)
    {
        _provider = provider;
        _file = file;
    }

    public static async Task<StoreDatabase> SqliteAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), "asyncai-store-" + Guid.NewGuid().ToString("N") + ".db");
        var database = new StoreDatabase(o => o.UseSqlite($"Data Source={file};Pooling=false"), file);
        await database.CreateSchemaAsync();
        return database;
    }

    public static async Task<StoreDatabase> PostgresAsync(PostgresServer server)
    {
        var connection = await server.CreateDatabaseAsync();
        var database = new StoreDatabase(o => o.UseNpgsql(connection), file: null);
        await database.CreateSchemaAsync();
        return database;
    }

    /// <summary>A backend instance of its own (its own provider and contexts) over the same database.</summary>
    public IServiceProvider NewInstance()
    {
        var services = new ServiceCollection();
        services.AddDbContext<ShopDb>(_provider);
        services.AddAsyncAiJobStore<ShopDb>();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Points a context at this database, for hosts the test builds itself.</summary>
    public void UseDatabase(DbContextOptionsBuilder options) => _provider(options);

    public IJobStore NewStore() => NewInstance().GetRequiredService<IJobStore>();

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        if (_file is not null)
        {
            File.Delete(_file);
        }
    }

    private async Task CreateSchemaAsync()
    {
        await using var scope = NewInstance().CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopDb>().Database.EnsureCreatedAsync();
    }
}
