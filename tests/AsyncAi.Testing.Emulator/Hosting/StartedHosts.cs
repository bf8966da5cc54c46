using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Testing.Emulator;

/// <summary>
/// The hosts a test started against one emulator (backends, workers), stopped and disposed in reverse order
/// when the test ends, so a worker never outlives the queues and clients it runs on.
/// </summary>
/// <param name="emulator">The emulator whose SDK clients every host gets.</param>
public sealed class StartedHosts(FauxqsEmulator emulator) : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly List<IHost> _hosts = [];

    /// <summary>Builds a host with the emulator's clients and the given services, and starts it unless told not to.</summary>
    /// <param name="configure">Registers the services under test.</param>
    /// <param name="registerS3">False for a host that must work without an S3 client.</param>
    /// <param name="start">False to get the host built but not started (to read its services first).</param>
    /// <param name="shutdownTimeout">The host's shutdown timeout; the default is the host's own.</param>
    /// <returns>The host.</returns>
    public async Task<IHost> StartAsync(Action<IServiceCollection> configure, bool registerS3 = true, bool start = true, TimeSpan? shutdownTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = TestHosts.CreateBuilder(emulator, registerS3);
        if (shutdownTimeout is { } timeout)
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        }

        configure(builder.Services);
        var host = builder.Build();
        _hosts.Add(host);
        if (start)
        {
            await host.StartAsync().ConfigureAwait(false);
        }

        return host;
    }

    /// <summary>Stops every host, the last started first, and disposes it.</summary>
    /// <returns>A task that completes when all are stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            try
            {
                await host.StopAsync(StopTimeout).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A host that does not stop in time is disposed anyway: the test is over.
            }
            catch (ObjectDisposedException)
            {
                // The test disposed this host itself (to stop a worker midway).
            }

            host.Dispose();
        }

        _hosts.Clear();
    }
}
