using Amazon.SQS.Model;

namespace AsyncAi.Worker.Processing;

/// <summary>
/// One received job message while this worker holds it: its receipt handle and visibility for the heartbeat,
/// and the reasons its handler may be stopped (a cancel request, the maximum run time) as cancellation sources.
/// </summary>
internal sealed class InFlightJob : IDisposable
{
    private readonly CancellationTokenSource _cancelRequested = new();
    private readonly CancellationTokenSource _runTimeExceeded = new();
    private long _visibleAtTicks;
    private long _lastCancelCheckTicks;

    public InFlightJob(Message message, JobId jobId, ObjectReference jobPrefix, DateTimeOffset receivedAt, DateTimeOffset visibleAt)
    {
        Message = message;
        JobId = jobId;
        JobPrefix = jobPrefix;
        ReceivedAt = receivedAt;
        _visibleAtTicks = visibleAt.UtcTicks;
        _lastCancelCheckTicks = receivedAt.UtcTicks;
    }

    public Message Message { get; }

    public JobId JobId { get; }

    public ObjectReference JobPrefix { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>When the message becomes visible again unless extended (this worker's conservative estimate).</summary>
    public DateTimeOffset VisibleAt
    {
        get => new(Interlocked.Read(ref _visibleAtTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _visibleAtTicks, value.UtcTicks);
    }

    public DateTimeOffset LastCancelCheck
    {
        get => new(Interlocked.Read(ref _lastCancelCheckTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastCancelCheckTicks, value.UtcTicks);
    }

    public CancellationToken CancelRequestedToken => _cancelRequested.Token;

    public CancellationToken RunTimeExceededToken => _runTimeExceeded.Token;

    public bool IsCancelRequested => _cancelRequested.IsCancellationRequested;

    public bool IsRunTimeExceeded => _runTimeExceeded.IsCancellationRequested;

    public void RequestCancel() => Cancel(_cancelRequested);

    public void ExceedRunTime() => Cancel(_runTimeExceeded);

    public void Dispose()
    {
        _cancelRequested.Dispose();
        _runTimeExceeded.Dispose();
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job finished between the heartbeat's snapshot and this call; nothing left to stop.
        }
    }
}
