namespace AsyncAi;

/// <summary>One page of jobs, newest first, and where the next one starts.</summary>
public sealed record JobPage
{
    /// <summary>The jobs on this page.</summary>
    public required IReadOnlyList<JobRecord> Items { get; init; }

    /// <summary>Where the next page starts (<see cref="JobQuery.After"/>); <see langword="null"/> on the last page.</summary>
    public JobPageCursor? Next { get; init; }

    /// <summary>
    /// The page from up to <paramref name="limit"/> + 1 records in page order: a store asks for one more than the limit,
    /// so it knows whether another page follows without a second query.
    /// </summary>
    /// <param name="records">The records, in page order, at most one more than the limit.</param>
    /// <param name="limit">The page size.</param>
    public static JobPage From(IReadOnlyList<JobRecord> records, int limit)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count <= limit)
        {
            return new JobPage { Items = records };
        }

        var items = records.Take(limit).ToArray();
        return new JobPage { Items = items, Next = JobPageCursor.After(items[^1]) };
    }
}
