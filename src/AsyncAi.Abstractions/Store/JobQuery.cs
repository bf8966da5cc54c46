namespace AsyncAi;

/// <summary>
/// A question to a job store (<see cref="IJobStore.QueryAsync"/>): which jobs, newest first, one page at a time.
/// Every filter left <see langword="null"/> matches everything.
/// </summary>
public sealed record JobQuery
{
    /// <summary>The most jobs a page may hold.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// Only this owner's jobs. <see langword="null"/> lists every owner's (an operator's view): the job endpoints
    /// always set the caller's own.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Only jobs in one of these states.</summary>
    public IReadOnlyList<JobRecordStatus>? Statuses { get; init; }

    /// <summary>Only jobs of this type.</summary>
    public string? JobType { get; init; }

    /// <summary>Only jobs created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only jobs created before this time.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Only jobs with at least this many attempts (2 finds the retried ones).</summary>
    public int? MinAttempts { get; init; }

    /// <summary>How many jobs a page holds, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Where the previous page ended (<see cref="JobPage.Next"/>); <see langword="null"/> for the first page.</summary>
    public JobPageCursor? After { get; init; }

    /// <summary>Refuses a query no store should run.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Limit"/> or <see cref="MinAttempts"/> is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
        if (MinAttempts is { } attempts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(attempts, nameof(MinAttempts));
        }
    }

    /// <summary>Whether a record passes every filter (the page position aside).</summary>
    /// <param name="record">The record.</param>
    public bool Matches(JobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Owner is null || string.Equals(record.Owner, Owner, StringComparison.Ordinal))
            && (Statuses is null || Statuses.Contains(record.Status))
            && (JobType is null || string.Equals(record.JobType, JobType, StringComparison.Ordinal))
            && (CreatedFrom is not { } from || record.CreatedAt >= from)
            && (CreatedBefore is not { } before || record.CreatedAt < before)
            && (MinAttempts is not { } min || record.Attempts >= min)
            && (After is not { } after || after.Precedes(record));
    }

    /// <summary>
    /// Answers the query over records held in memory, as the in-memory stores do; a database store translates the same
    /// filters and order into its own query.
    /// </summary>
    /// <param name="records">Every record the store holds.</param>
    public JobPage Run(IEnumerable<JobRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Validate();
        var page = records.Where(Matches)
            .OrderByDescending(r => r.CreatedAt.UtcTicks)
            .ThenByDescending(r => r.JobId)
            .Take(Limit + 1)
            .ToList();
        return JobPage.From(page, Limit);
    }
}
