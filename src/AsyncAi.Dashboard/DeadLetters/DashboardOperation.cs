namespace AsyncAi.Dashboard;

/// <summary>A redrive or purge in progress or done, with its progress for every viewer.</summary>
internal sealed class DashboardOperation
{
    private long _moved;
    private long _failed;

    public required string Id { get; init; }

    /// <summary><c>redrive</c> or <c>purge</c>.</summary>
    public required string Kind { get; init; }

    public required string QueueKey { get; init; }

    /// <summary>Who asked for it.</summary>
    public required string Actor { get; init; }

    /// <summary>How many messages were asked for, or <see langword="null"/> for all.</summary>
    public int? Requested { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary><c>message-move-task</c> (SQS moves them) or <c>batched</c> (the dashboard does, ten at a time).</summary>
    public string Method { get; set; } = "batched";

    /// <summary><c>running</c>, <c>done</c> or <c>failed</c>.</summary>
    public string State { get; set; } = "running";

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }

    public long Moved => Interlocked.Read(ref _moved);

    public long Failed => Interlocked.Read(ref _failed);

    public void AddMoved(long count) => Interlocked.Add(ref _moved, count);

    public void SetMoved(long count) => Interlocked.Exchange(ref _moved, count);

    public void AddFailed(long count) => Interlocked.Add(ref _failed, count);
}
