namespace AsyncAi;

/// <summary>
/// What names one job: its id and its owner together. Two owners may use the same id (an application may choose
/// ids, and a forged message may copy one), so every record, subscription and lookup of a job is keyed by both.
/// </summary>
/// <param name="JobId">The job id.</param>
/// <param name="Owner">The owner or tenant, or <see langword="null"/> for a job without one.</param>
internal readonly record struct JobKey(JobId JobId, string? Owner)
{
    /// <summary>The job an event is about.</summary>
    public static JobKey Of(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        return new(jobEvent.JobId, jobEvent.Owner);
    }

    /// <inheritdoc/>
    public override string ToString() => Owner is null ? JobId.Value : $"{JobId.Value} (owner {Owner})";
}
