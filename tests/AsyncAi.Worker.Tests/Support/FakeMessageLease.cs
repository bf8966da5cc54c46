using AsyncAi.Worker.Sqs;

namespace AsyncAi.Worker.Tests.Support;

/// <summary>
/// A lease that records what the pipeline asked of it instead of calling SQS, so delivery and settling can be
/// specified without a queue. Like the real lease it ends the hold before a release or a delete; unlike it, it counts
/// every call, so a test can say that a message was deleted exactly once.
/// </summary>
internal sealed class FakeMessageLease(Message message, DateTimeOffset receivedAt) : IMessageLease
{
    private int _holdEnds;
    private int _deletes;

    public FakeMessageLease(string body, int receiveCount = 1)
        : this(
            new Message
            {
                MessageId = Guid.NewGuid().ToString(),
                ReceiptHandle = Guid.NewGuid().ToString(),
                Body = body,
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["ApproximateReceiveCount"] = receiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                MessageAttributes = [],
            },
            DateTimeOffset.UtcNow)
    {
    }

    public Message Message { get; } = message;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public DateTimeOffset VisibleAt { get; private set; } = receivedAt + TimeSpan.FromSeconds(30);

    /// <summary>The job the pipeline held the message for, if it got that far.</summary>
    public InFlightJob? HeldJob { get; private set; }

    public bool IsHeld => HeldJob is not null && Volatile.Read(ref _holdEnds) == 0;

    public int HoldEnds => Volatile.Read(ref _holdEnds);

    public ConcurrentQueue<TimeSpan> Releases { get; } = new();

    public int Deletes => Volatile.Read(ref _deletes);

    public ConcurrentQueue<string> DeadLetterReasons { get; } = new();

    /// <summary>What the dead-letter move reports: true when a dead-letter queue took the message.</summary>
    public bool DeadLetterQueueExists { get; init; } = true;

    public void Hold(InFlightJob job) => HeldJob = job;

    public Task ExtendAsync(TimeSpan visibility, DateTimeOffset visibleAt)
    {
        if (IsHeld)
        {
            VisibleAt = visibleAt;
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(TimeSpan delay)
    {
        EndHold();
        Releases.Enqueue(delay);
        return Task.CompletedTask;
    }

    public Task DeleteAsync()
    {
        EndHold();
        Interlocked.Increment(ref _deletes);
        return Task.CompletedTask;
    }

    public Task<bool> DeadLetterAsync(string reason)
    {
        DeadLetterReasons.Enqueue(reason);
        EndHold();
        return Task.FromResult(DeadLetterQueueExists);
    }

    public void EndHold()
    {
        if (HeldJob is not null)
        {
            Interlocked.CompareExchange(ref _holdEnds, 1, 0);
        }
    }
}
