using AsyncAi.Worker.Pipeline;
using AsyncAi.WireFormat;

namespace AsyncAi.Testing;

/// <summary>The in-memory storage a job's inputs are read from and its outputs written to.</summary>
internal sealed class InMemoryJobFiles(InMemoryObjectStore store) : IJobFiles
{
    public Task<Stream> OpenInputAsync(JobMessage job, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        if (!job.Inputs.TryGetValue(name, out var location) || !store.TryGet(location, out var stored))
        {
            throw new JobInputMissingException(name, $"The input '{name}' is not in storage.");
        }

        return Task.FromResult<Stream>(new MemoryStream(stored.Content, writable: false));
    }

    public IJobOutputWriter CreateOutputWriter(JobMessage job, CancellationToken jobToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new InMemoryJobOutputWriter(store, job.OutputPrefix);
    }
}
