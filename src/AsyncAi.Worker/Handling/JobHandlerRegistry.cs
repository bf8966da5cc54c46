namespace AsyncAi.Worker;

/// <summary>The job types this worker has handlers for; a job of any other type fails as <see cref="JobErrorCodes.UnknownJobType"/>.</summary>
internal sealed class JobHandlerRegistry
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

    public bool Contains(string jobType) => _jobTypes.Contains(jobType);
}
