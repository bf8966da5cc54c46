namespace AsyncAi;

/// <summary>
/// Runs one type of job on a worker. A handler is resolved from a fresh DI scope per job, so it may take scoped
/// services. Throw <see cref="NonRetryableJobException"/> (or a subclass) when retrying cannot help; any other
/// exception is retried with backoff until the attempts run out.
/// </summary>
public interface IJobHandler
{
    /// <summary>Runs the job: read inputs and parameters from the context, write outputs through it.</summary>
    /// <param name="context">The job.</param>
    /// <param name="cancellationToken">Fires on worker shutdown, on a cancel request and at the job's deadline.</param>
    Task HandleAsync(IJobContext context, CancellationToken cancellationToken);
}
