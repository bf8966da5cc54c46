using System.Collections.Concurrent;

namespace AsyncAi.Reliability.BackendHost;

/// <summary>
/// The application's status store: it records each terminal event durably before it returns, and the response
/// listener deletes the message only after it returned. Last events are kept in memory for status reads.
/// </summary>
internal sealed class RecordingStatusStore(RecordFile record) : IJobStatusStore
{
    private readonly ConcurrentDictionary<(JobId, string?), JobEvent> _last = new();

    public ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        if (jobEvent.IsTerminal)
        {
            record.Record(jobEvent);
        }

        _last[(jobEvent.JobId, jobEvent.Owner)] = jobEvent;
        return ValueTask.FromResult(true);
    }

    public ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_last.TryGetValue((jobId, owner), out var last) ? new JobStatusRecord { JobId = jobId, Owner = owner, LastEvent = last } : null);
}
