using Amazon.SQS.Model;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Pipeline;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// One received job message while this worker holds it: its receipt handle and visibility for the heartbeat,
/// and the reasons its handler may be stopped (a cancel request, the maximum run time) as cancellation sources.
/// </summary>
internal sealed class InFlightJob : IJobAttemptSignals, IDisposable
{
    private readonly CancellationTokenSource _cancelRequested = new();
    private readonly CancellationTokenSource _runTimeExceeded = new();
    private long _visibleAtTicks;
    private long _lastCancelCheckTicks;

    public InFlightJob(Message message, JobId jobId, int attempt, JobFolder folder, DateTimeOffset receivedAt, DateTimeOffset visibleAt, DateTimeOffset lastCancelCheck)
    {
        Message = message;
        JobId = jobId;
        Attempt = attempt;
        Folder = folder;
        ReceivedAt = receivedAt;
        _visibleAtTicks = visibleAt.UtcTicks;
        _lastCancelCheckTicks = lastCancelCheck.UtcTicks;
    }

    public Message Message { get; }

    public JobId JobId { get; }

    /// <summary>The attempt number (SQS's ApproximateReceiveCount).</summary>
    public int Attempt { get; }

    public JobFolder Folder { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>When the message becomes visible again unless extended (this worker's conservative estimate).</summary>
    public DateTimeOffset VisibleAt
    {
        get => new(Interlocked.Read(ref _visibleAtTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _visibleAtTicks, value.UtcTicks);
    }

    /// <summary>
    /// When the cancellation marker was last looked for. A new job starts as if looked for a little less than one
    /// interval ago, so a job cancelled before it started is stopped soon after, while short jobs cost no look at all.
    /// </summary>
    public DateTimeOffset LastCancelCheck
    {
        get => new(Interlocked.Read(ref _lastCancelCheckTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastCancelCheckTicks, value.UtcTicks);
    }

    public CancellationToken CancelRequested => _cancelRequested.Token;

    public CancellationToken RunTimeExceeded => _runTimeExceeded.Token;

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
