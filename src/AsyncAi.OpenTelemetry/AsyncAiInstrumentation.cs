namespace AsyncAi.OpenTelemetry;

/// <summary>
/// The names AsyncAi's traces and metrics are published under (the same string is the ActivitySource and the
/// Meter of each role); docs/observability.md lists the spans, metrics and tags.
/// </summary>
public static class AsyncAiInstrumentation
{
    /// <summary>The backend role (AsyncAi.Client): publish spans, event and publish counters.</summary>
    public const string ClientName = "AsyncAi.Client";

    /// <summary>The worker role (AsyncAi.Worker): one span per job attempt, job counters and durations, ONNX batch metrics.</summary>
    public const string WorkerName = "AsyncAi.Worker";

    /// <summary>The job store and outbox (AsyncAi.EntityFrameworkCore): outbox send spans, sent, failed and parked counters, lag.</summary>
    public const string EntityFrameworkCoreName = "AsyncAi.EntityFrameworkCore";

    /// <summary>Every name, for <c>AddSource</c> and <c>AddMeter</c> calls of your own.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [ClientName, WorkerName, EntityFrameworkCoreName];
}
