using System.Collections.Concurrent;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// The messages this worker holds right now; the heartbeat extends exactly these. Only a <see cref="MessageLease"/>
/// adds and removes its job, so a job leaves exactly once.
/// </summary>
internal sealed class InFlightRegistry
{
    private readonly ConcurrentDictionary<string, InFlightJob> _jobs = new(StringComparer.Ordinal);

    public int Count => _jobs.Count;

    public void Add(InFlightJob job) => _jobs[job.Lease.Message.ReceiptHandle] = job;

    /// <summary>Stops extending the job; true when it was still registered.</summary>
    public bool Remove(InFlightJob job) => _jobs.TryRemove(job.Lease.Message.ReceiptHandle, out _);

    public bool Contains(InFlightJob job) => _jobs.ContainsKey(job.Lease.Message.ReceiptHandle);

    public IReadOnlyList<InFlightJob> Snapshot() => [.. _jobs.Values];
}
