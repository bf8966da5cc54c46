using AsyncAi.Testing.Emulator;

namespace AsyncAi.Benchmarks.Outbox;

/// <summary>What every measurement runs on: one emulator and bucket, one PostgreSQL server, fresh databases per pass.</summary>
internal sealed class BenchmarkStage : IAsyncDisposable
{
    private readonly PostgresServer? _postgres;

    private BenchmarkStage(FauxqsEmulator emulator, string bucket, PostgresServer? postgres)
    {
        Emulator = emulator;
        Bucket = bucket;
        _postgres = postgres;
        Databases = new Databases(postgres);
    }

    public FauxqsEmulator Emulator { get; }

    public string Bucket { get; }

    public Databases Databases { get; }

    public static async Task<BenchmarkStage> StartAsync(OutboxBenchmarkSettings settings)
    {
        var emulator = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = false });
        var bucket = FauxqsEmulator.UniqueName("outbox-bench");
        await emulator.CreateBucketAsync(bucket);
        PostgresServer? postgres = null;
        if (settings.Databases.Contains("postgres"))
        {
            postgres = new PostgresServer();
            await postgres.InitializeAsync();
        }

        return new BenchmarkStage(emulator, bucket, postgres);
    }

    public async Task<BackendUnderTest> StartBackendAsync(string database) =>
        await BackendUnderTest.StartAsync(Emulator, Bucket, await Databases.CreateAsync(database));

    public async ValueTask DisposeAsync()
    {
        await Databases.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
