namespace AsyncAi.Reliability.BackendHost;

/// <summary>
/// The application's at-least-once bookkeeping: it records each terminal event durably before it returns, and the
/// response listener deletes the message only after every <see cref="IJobEventHandler"/> returned.
/// </summary>
internal sealed class RecordingEventHandler(RecordFile record) : IJobEventHandler
{
    public Task HandleAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (jobEvent.IsTerminal)
        {
            record.Record(jobEvent);
        }

        return Task.CompletedTask;
    }
}
