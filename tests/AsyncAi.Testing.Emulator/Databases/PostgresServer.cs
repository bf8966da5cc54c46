using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AsyncAi.Testing.Emulator;

/// <summary>
/// A throw-away PostgreSQL server for the test run: Debian's binaries (scripts/install-postgresql.sh, or
/// ASYNCAI_PG_BIN), a fresh cluster in a temporary folder (C locale, trust auth, fsync off), listening on 127.0.0.1 and
/// a free port only; stopped and deleted when the tests (or the benchmark) end. PostgreSQL refuses to run as root, so as root the
/// cluster belongs to the <c>postgres</c> user the package creates.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "asyncai-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;
    private bool _asPostgresUser;
    private string _options = string.Empty;

    /// <summary>The port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A connection string to a new, empty database on this server.</summary>
    /// <returns>The connection string (127.0.0.1, trust authentication, pooling on).</returns>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Creates the cluster and starts the server; called by xunit as a fixture, or by a benchmark.</summary>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _asPostgresUser = Environment.UserName == "root";
        Directory.CreateDirectory(_dataDirectory);
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", _dataDirectory], asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", _dataDirectory, "-U", "asyncai", "--auth=trust", "--locale=C", "--encoding=UTF8", "--no-sync"], _asPostgresUser);
        Port = FreePort();
        _options = $"-p {Port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await StartServerAsync();
    }

    /// <summary>
    /// Restarts the server as an operator does: a fast shutdown (open sessions are ended and their transactions rolled
    /// back; committed work is kept), down for <paramref name="downFor"/>, then up again on the same port.
    /// </summary>
    /// <param name="downFor">How long the server stays down.</param>
    /// <returns>A task that completes when the server accepts connections again.</returns>
    public async Task RestartAsync(TimeSpan downFor)
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _asPostgresUser);
        await Task.Delay(downFor);
        await StartServerAsync();

        // Pooled connections of this process point at the server that was stopped; the next test must not meet them.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the server at once and deletes its cluster.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async Task DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    // The log file is not optional: without it the server inherits pg_ctl's output pipe, and reading it never ends.
    private Task StartServerAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _dataDirectory, "-o", _options, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "60", "start"], _asPostgresUser);

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=asyncai;Database={database};Pooling=true;Include Error Detail=true";

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("ASYNCAI_PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "initdb")))
        {
            return configured;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL's initdb was not found: run scripts/install-postgresql.sh (test.sh does), or set ASYNCAI_PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
