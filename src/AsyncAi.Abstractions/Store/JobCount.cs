namespace AsyncAi;

/// <summary>How many jobs of one type stand in one state (<see cref="IJobStore.CountAsync"/>).</summary>
/// <param name="JobType">The job type.</param>
/// <param name="Status">The state.</param>
/// <param name="Count">How many.</param>
public sealed record JobCount(string JobType, JobRecordStatus Status, long Count);
