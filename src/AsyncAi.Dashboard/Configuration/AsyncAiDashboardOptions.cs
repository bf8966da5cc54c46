namespace AsyncAi.Dashboard;

/// <summary>
/// Settings of the operations dashboard, bound from the <c>AsyncAi:Dashboard</c> configuration section by default and
/// validated when the host starts. Every setting has a default; the queues themselves come from the client's options
/// (<c>AsyncAi:Client</c>).
/// </summary>
public sealed class AsyncAiDashboardOptions
{
    /// <summary>The configuration section <c>AddAsyncAiDashboard</c> reads when given a whole configuration.</summary>
    public const string DefaultSectionName = "AsyncAi:Dashboard";

    /// <summary>
    /// How often the one sampler asks SQS for each queue's depth (one <c>GetQueueAttributes</c> per queue), whatever
    /// the number of viewers. 100 ms to 5 minutes; 10 seconds by default.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much history each queue's sparkline keeps in memory. At least one interval, at most 24 hours; 1 hour by default.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The request queue's dead-letter queue. Unset: the request queue's RedrivePolicy target (the worker's own
    /// <c>DeadLetterQueueUrl</c>, when it has one that is not the redrive target, is unknown to the backend: set it here).
    /// </summary>
    public Uri? RequestDeadLetterQueueUrl { get; set; }

    /// <summary>
    /// How long a dead-letter listing keeps the messages it received hidden while it reads the rest of the queue
    /// (1 second to 5 minutes; 30 seconds by default). Each listing receives every message once, which adds one to its
    /// receive count, and makes it visible again when the listing is complete.
    /// </summary>
    public TimeSpan DeadLetterScanVisibility { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most dead letters one listing reads per queue (10 to 10,000; 1,000 by default).</summary>
    public int MaxDeadLettersListed { get; set; } = 1000;

    /// <summary>
    /// Whether "redrive all" first asks SQS for a server-side move task (<c>StartMessageMoveTask</c>); when SQS (or an
    /// emulator) refuses it, or when this is <see langword="false"/>, the dashboard moves the messages itself in batches
    /// of ten (receive, send to the source queue, delete). <see langword="true"/> by default.
    /// </summary>
    public bool UseMessageMoveTask { get; set; } = true;
}
