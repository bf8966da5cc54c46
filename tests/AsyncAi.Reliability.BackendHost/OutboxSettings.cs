namespace AsyncAi.Reliability.BackendHost;

/// <summary>
/// The outbox mode (section <c>Reliability:Outbox</c>): the backend writes orders, each with its job published through
/// <c>IJobOutbox</c> in the order's own transaction, into a SQLite file that outlives the process.
/// </summary>
internal sealed class OutboxSettings
{
    /// <summary>The SQLite database file, created when missing; empty turns the mode off.</summary>
    public string Database { get; set; } = "";

    /// <summary>
    /// Committed orders the database must hold before writing stops, counting those of earlier processes on the same
    /// file, so that a restarted backend carries on where the killed one left off.
    /// </summary>
    public int Orders { get; set; }

    /// <summary>Every order whose sequence number is a multiple of this is rolled back instead of committed.</summary>
    public int RollbackEvery { get; set; } = 7;

    /// <summary>The job type of each order's job.</summary>
    public string JobType { get; set; } = "noop";

    /// <summary>The job's parameters as JSON, or empty for none.</summary>
    public string Parameters { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Database);
}
