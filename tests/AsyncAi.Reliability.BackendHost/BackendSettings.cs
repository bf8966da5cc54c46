namespace AsyncAi.Reliability.BackendHost;

/// <summary>How the backend hears about completions.</summary>
internal enum RecordMode
{
    /// <summary>
    /// <c>IJobEvents.WatchAllAsync</c>, what most applications use: the listener deletes a response message once the
    /// event is in an in-memory buffer, before the application has acted on it.
    /// </summary>
    Watch,

    /// <summary>
    /// The application's own <c>IJobStatusStore</c>: the listener awaits <c>ApplyAsync</c> before it deletes the
    /// response message, so an event the store has not recorded comes back after a crash (at least once).
    /// </summary>
    Store,

    /// <summary>
    /// An <c>IJobEventHandler</c> (<c>AddAsyncAiJobEventHandler</c>), the documented at-least-once path: the listener
    /// deletes the response message only after the handler returned, so a crash before that gets the event again.
    /// </summary>
    Handler,
}

/// <summary>The host's own settings (section <c>Reliability</c>).</summary>
internal sealed class BackendSettings
{
    public const string SectionName = "Reliability";

    /// <summary>The append-only file that every terminal event is recorded in, one JSON line each. Required.</summary>
    public string RecordFile { get; set; } = "";

    /// <summary>How completions reach the record.</summary>
    public RecordMode RecordMode { get; set; } = RecordMode.Watch;

    /// <summary>Jobs to publish at start.</summary>
    public PublishSettings Publish { get; set; } = new();

    /// <summary>Orders to write with their jobs through the transactional outbox; off unless a database is given.</summary>
    public OutboxSettings Outbox { get; set; } = new();
}

/// <summary>What to publish at start.</summary>
internal sealed class PublishSettings
{
    /// <summary>How many jobs; zero publishes none.</summary>
    public int Count { get; set; }

    /// <summary>Their job type.</summary>
    public string JobType { get; set; } = "noop";

    /// <summary>Their parameters as JSON, or empty for none.</summary>
    public string Parameters { get; set; } = "";

    /// <summary>How many jobs go in one PublishManyAsync call.</summary>
    public int BatchSize { get; set; } = 100;
}
