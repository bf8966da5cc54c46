namespace AsyncAi.Dashboard;

/// <summary>One queue the dashboard watches: where it is, what it is for, its latest sample and an hour of history.</summary>
internal sealed class DashboardQueue(string key, string title, Uri url, string? sourceKey, int historyCapacity)
{
    private readonly Queue<QueueSample> _history = new();
    private readonly Lock _lock = new();

    /// <summary>The stable key pages and routes use: <c>requests</c>, <c>responses</c>, <c>requests-dlq</c>, <c>responses-dlq</c>.</summary>
    public string Key { get; } = key;

    /// <summary>What the page calls it.</summary>
    public string Title { get; } = title;

    /// <summary>The queue URL.</summary>
    public Uri Url { get; } = url;

    /// <summary>The queue's name (the last segment of its URL), which a purge must be confirmed with.</summary>
    public string Name { get; } = url.Segments[^1].TrimEnd('/');

    /// <summary>For a dead-letter queue, the key of the queue its messages came from (and are redriven to).</summary>
    public string? SourceKey { get; } = sourceKey;

    /// <summary>Whether it is a dead-letter queue.</summary>
    public bool IsDeadLetterQueue => SourceKey is not null;

    /// <summary>The queue's ARN, once a sample has read it.</summary>
    public string? Arn { get; set; }

    /// <summary>Why the latest sample failed, or <see langword="null"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>The latest sample, or <see langword="null"/> before the first.</summary>
    public QueueSample? Latest { get; private set; }

    /// <summary>Adds a sample, dropping the oldest beyond the history's length.</summary>
    public void Add(QueueSample sample)
    {
        lock (_lock)
        {
            _history.Enqueue(sample);
            while (_history.Count > historyCapacity)
            {
                _history.Dequeue();
            }

            Latest = sample;
            Error = null;
        }
    }

    /// <summary>Records a failed sample.</summary>
    public void Fail(string error) => Error = error;

    /// <summary>The history, oldest first.</summary>
    public QueueSample[] History()
    {
        lock (_lock)
        {
            return [.. _history];
        }
    }
}

/// <summary>A queue's depth at one moment, as SQS's approximate counters give it.</summary>
/// <param name="At">When it was read.</param>
/// <param name="Visible">ApproximateNumberOfMessages: waiting to be received.</param>
/// <param name="InFlight">ApproximateNumberOfMessagesNotVisible: received and not yet deleted.</param>
/// <param name="Delayed">ApproximateNumberOfMessagesDelayed: sent with a delay that has not passed.</param>
internal sealed record QueueSample(DateTimeOffset At, long Visible, long InFlight, long Delayed);
