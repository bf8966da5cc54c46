namespace AsyncAi.Client;

/// <summary>Where every event this instance learns of goes: first the status store (so other instances see it), then local subscribers.</summary>
internal sealed class JobEventDispatcher(IJobStatusStore store, JobEventHub hub)
{
    public async ValueTask DispatchAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        await store.ApplyAsync(jobEvent, cancellationToken).ConfigureAwait(false);
        hub.Publish(jobEvent);
    }
}
