using System.Collections.Concurrent;

namespace AsyncAi.Worker.Sqs;

/// <summary>The messages this worker holds right now; the heartbeat extends exactly these.</summary>
internal sealed class InFlightRegistry
{
    private readonly ConcurrentDictionary<string, InFlightJob> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    public void Add(InFlightJob job) => _jobs[job.Message.ReceiptHandle] = job;

    /// <summary>Stops extending the job; true when it was still registered.</summary>
    public bool Remove(InFlightJob job) => _jobs.TryRemove(job.Message.ReceiptHandle, out _);

    public bool Contains(InFlightJob job) => _jobs.ContainsKey(job.Message.ReceiptHandle);

    public IReadOnlyList<InFlightJob> Snapshot() => [.. _jobs.Values];
}
