namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// <see cref="JobQuery"/> and <see cref="JobCountQuery"/> as LINQ over the table, in the terms its indexes serve:
/// the same filters and page order as <see cref="JobQuery.Run"/>, translated by the provider into SQL.
/// </summary>
internal static class JobRowQueries
{
    /// <summary>One more row than the page holds, in page order (newest first, then id descending).</summary>
    public static IQueryable<JobRow> Page(IQueryable<JobRow> rows, JobQuery query)
    {
        if (query.Owner is { } owner)
        {
            rows = rows.Where(r => r.Owner == owner);
        }

        if (query.Statuses is { } statuses)
        {
            var wanted = statuses.ToArray();
            rows = rows.Where(r => wanted.Contains(r.Status));
        }

        if (query.JobType is { } type)
        {
            rows = rows.Where(r => r.JobType == type);
        }

        if (query.CreatedFrom is { } from)
        {
            var micros = JobRowMapping.Micros(from);
            rows = rows.Where(r => r.CreatedAtMicros >= micros);
        }

        if (query.CreatedBefore is { } before)
        {
            var micros = JobRowMapping.Micros(before);
            rows = rows.Where(r => r.CreatedAtMicros < micros);
        }

        if (query.MinAttempts is { } attempts)
        {
            rows = rows.Where(r => r.Attempts >= attempts);
        }

        if (query.After is { } after)
        {
            var micros = JobRowMapping.Micros(after.CreatedAt);
            var id = after.JobId.Value;
            // The first bound is implied by the second; said alone it is a range the index scans backwards from
            // (an OR by itself becomes two bitmap scans and a sort, measured in PostgresQueryPlanTests).
            rows = rows.Where(r => r.CreatedAtMicros <= micros && (r.CreatedAtMicros < micros || (r.CreatedAtMicros == micros && string.Compare(r.JobId, id) < 0)));
        }

        return rows.OrderByDescending(r => r.CreatedAtMicros).ThenByDescending(r => r.JobId).Take(query.Limit + 1);
    }

    /// <summary>Jobs per type and state created within the window.</summary>
    public static IQueryable<JobCount> Counts(IQueryable<JobRow> rows, JobCountQuery query)
    {
        var from = JobRowMapping.Micros(query.From);
        var to = JobRowMapping.Micros(query.To);
        rows = rows.Where(r => r.CreatedAtMicros >= from && r.CreatedAtMicros < to);
        if (query.Owner is { } owner)
        {
            rows = rows.Where(r => r.Owner == owner);
        }

        return rows.GroupBy(r => new { r.JobType, r.Status }).Select(g => new JobCount(g.Key.JobType, g.Key.Status, g.LongCount()));
    }
}
