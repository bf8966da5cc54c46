using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Pipeline;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// One received job while this worker holds it: the lease on its message (for the heartbeat and the settling), what
/// the heartbeat needs to look for its cancellation marker, and the reasons its handler may be stopped (a cancel
/// request, the maximum run time) as cancellation sources.
/// </summary>
internal sealed class InFlightJob : IJobAttemptSignals, IDisposable
{
    private readonly CancellationTokenSource _cancelRequested = new();
    private readonly CancellationTokenSource _runTimeExceeded = new();
    private long _lastCancelCheckTicks;

    public InFlightJob(IMessageLease lease, JobId jobId, int attempt, JobFolder folder, DateTimeOffset lastCancelCheck)
    {
        Lease = lease;
        JobId = jobId;
        Attempt = attempt;
        Folder = folder;
        _lastCancelCheckTicks = lastCancelCheck.UtcTicks;
    }

    /// <summary>The hold on the job's message: every act on the message goes through it.</summary>
    public IMessageLease Lease { get; }

    public JobId JobId { get; }

    /// <summary>The attempt number (SQS's ApproximateReceiveCount).</summary>
    public int Attempt { get; }

    public JobFolder Folder { get; }

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
