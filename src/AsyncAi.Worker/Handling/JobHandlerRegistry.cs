using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>
    /// The one wording of the handler check, or <see langword="null"/> when the job can run here. The SQS delivery
    /// asks before anything else (a message of a type this worker cannot run is set aside with this reason whatever
    /// else is wrong with it); the runner asks for the in-memory mode, which has no delivery step.
    /// </summary>
    public string? WhyItCannotRun(JobMessage job) =>
        Contains(job.JobType) ? null : $"No handler is registered for job type '{job.JobType}' (job {job.JobId}).";

    /// <summary>
    /// The registry of a service collection, added on first use. One per collection, whichever of
    /// <c>AddAsyncAiWorker</c> and <c>AddAsyncAiInMemory</c> comes first, so that a job type has one handler
    /// in a container however its registrations were made.
    /// </summary>
    public static JobHandlerRegistry GetOrAdd(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(JobHandlerRegistry))?.ImplementationInstance is JobHandlerRegistry existing)
        {
            return existing;
        }

        var registry = new JobHandlerRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
