namespace AsyncAi.Testing.Emulator;

/// <summary>How <see cref="FauxqsEmulator.StartAsync"/> starts the emulator.</summary>
public sealed class FauxqsEmulatorOptions
{
    /// <summary>
    /// Keep all state (queues, messages, buckets, objects) in SQLite in the emulator's own temporary data
    /// folder, so that <see cref="FauxqsEmulator.RestartAsync"/> comes back with it, as after a crash of a
    /// real service. Default <see langword="true"/>; turn it off for a purely in-memory emulator.
    /// (fauxqs 2.4.1 loses a message released with ChangeMessageVisibility 0 when persistence is on;
    /// scripts/local-aws/fauxqs-server.mjs repairs that, so persistence need not be turned off for it.)
    /// </summary>
    public bool Persistence { get; init; } = true;

    /// <summary>
    /// How long to wait for the process to listen and for <c>GET /health</c> to answer ok. Default 60 s,
    /// generous because a CI machine may be starting many test hosts at once.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the first start in a process may spend in scripts/local-aws/install.sh, which downloads
    /// Node.js and fauxqs from npm when they are missing. Default 10 minutes.
    /// </summary>
    public TimeSpan InstallTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Optional fauxqs init file (<c>FAUXQS_INIT</c>): JSON naming queues, topics and buckets to create at start.
    /// Applied again on every restart; fauxqs skips resources that already exist.
    /// </summary>
    public string? InitConfigPath { get; init; }

    /// <summary>
    /// Let fauxqs log every request (<c>FAUXQS_LOGGER</c>). Off by default; the lines go to
    /// <see cref="FauxqsEmulator.RecentOutput"/>, which start errors include.
    /// </summary>
    public bool RequestLogging { get; init; }

    /// <summary>
    /// Answer browsers' CORS preflights and add CORS headers to every answer, as an S3 bucket whose CORS rule
    /// allows any origin would (<c>FAUXQS_CORS</c>; fauxqs itself has no CORS). Default <see langword="true"/>,
    /// so that a web page under test can PUT or POST to presigned URLs on the emulator.
    /// </summary>
    public bool Cors { get; init; } = true;
}
