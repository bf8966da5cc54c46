namespace AsyncAi;

/// <summary>A question for counts: how many jobs of each type ended in each state, created within a window.</summary>
public sealed record JobCountQuery
{
    /// <summary>Only this owner's jobs; <see langword="null"/> counts every owner's.</summary>
    public string? Owner { get; init; }

    /// <summary>Jobs created at or after this time.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Jobs created before this time.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Counts records held in memory, as the in-memory stores do.</summary>
    /// <param name="records">Every record the store holds.</param>
    /// <returns>One row per type and state that has jobs, by type then state.</returns>
    public IReadOnlyList<JobCount> Run(IEnumerable<JobRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return [.. records
            .Where(r => (Owner is null || string.Equals(r.Owner, Owner, StringComparison.Ordinal)) && r.CreatedAt >= From && r.CreatedAt < To)
            .GroupBy(r => (r.JobType, r.Status))
            .Select(g => new JobCount(g.Key.JobType, g.Key.Status, g.LongCount()))
            .OrderBy(c => c.JobType, StringComparer.Ordinal)
            .ThenBy(c => c.Status)];
    }
}
