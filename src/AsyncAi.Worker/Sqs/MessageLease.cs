using Amazon.SQS.Model;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// The SQS lease on one received message (see <see cref="IMessageLease"/>). Its state is one integer changed with
/// interlocked operations, so the heartbeat, the job's own settling and an abandoning shutdown may race on it: the
/// registry entry is removed exactly once, the delete is sent at most once, and nothing is extended after the hold.
/// It allocates nothing beyond itself.
/// </summary>
internal sealed class MessageLease(Message message, DateTimeOffset receivedAt, DateTimeOffset visibleAt, RequestLane queue, InFlightRegistry inFlight) : IMessageLease
{
    private const int Received = 0;
    private const int Held = 1;
    private const int LetGo = 2;
    private const int Deleted = 3;

    private int _state = Received;
    private long _visibleAtTicks = visibleAt.UtcTicks;
    private InFlightJob? _job;

    public Message Message { get; } = message;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public DateTimeOffset VisibleAt => new(Interlocked.Read(ref _visibleAtTicks), TimeSpan.Zero);

    public void Hold(InFlightJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _job = job;
        inFlight.Add(job);
        // The hold may have ended meanwhile (registered, then let go before it was marked held): undo the registration.
        if (Interlocked.CompareExchange(ref _state, Held, Received) != Received)
        {
            inFlight.Remove(job);
        }
    }

    public async Task ExtendAsync(TimeSpan visibility, DateTimeOffset visibleAt)
    {
        if (Volatile.Read(ref _state) != Held)
        {
            return;
        }

        await queue.Queue.ChangeVisibilityAsync(Message.ReceiptHandle, visibility).ConfigureAwait(false);
        Interlocked.Exchange(ref _visibleAtTicks, visibleAt.UtcTicks);
    }

    public Task ReleaseAsync(TimeSpan delay)
    {
        EndHold();
        return Volatile.Read(ref _state) == Deleted ? Task.CompletedTask : queue.Queue.ChangeVisibilityAsync(Message.ReceiptHandle, delay);
    }

    public Task DeleteAsync()
    {
        var before = Interlocked.Exchange(ref _state, Deleted);
        if (before == Held)
        {
            inFlight.Remove(_job!);
        }

        return before == Deleted ? Task.CompletedTask : queue.Queue.DeleteAsync(Message.ReceiptHandle);
    }

    public async Task<bool> DeadLetterAsync(string reason)
    {
        try
        {
            // A deleted message is done; a copy in the dead-letter queue would be a second, false verdict.
            return Volatile.Read(ref _state) != Deleted && await queue.DeadLetters.MoveAsync(Message, ReceivedAt, reason).ConfigureAwait(false);
        }
        finally
        {
            EndHold();
        }
    }

    public void EndHold()
    {
        var state = Volatile.Read(ref _state);
        while (state is Received or Held)
        {
            var seen = Interlocked.CompareExchange(ref _state, LetGo, state);
            if (seen == state)
            {
                if (state == Held)
                {
                    inFlight.Remove(_job!);
                }

                return;
            }

            state = seen;
        }
    }
}
