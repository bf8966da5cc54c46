namespace AsyncAi.Testing;

/// <summary>The job types registered with the in-memory worker, so that a second handler for one type fails at registration as on a real worker.</summary>
internal sealed class InMemoryHandlerRegistry
{
    private readonly HashSet<string> _jobTypes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> JobTypes => _jobTypes;

    public void Add(string jobType)
    {
        if (!_jobTypes.Add(jobType))
        {
            throw new InvalidOperationException($"A handler for job type '{jobType}' is already registered.");
        }
    }
}
