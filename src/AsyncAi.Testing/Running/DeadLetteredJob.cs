namespace AsyncAi.Testing;

/// <summary>A job the worker would move to the dead-letter queue instead of running or completing it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="JobType">Its type.</param>
/// <param name="Reason">Why, as the dead-letter reason attribute would say.</param>
public sealed record DeadLetteredJob(JobId JobId, string JobType, string Reason);
