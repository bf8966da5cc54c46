namespace AsyncAi.Abstractions.Tests.Store;

public sealed class JobQueryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pages_walk_one_owners_jobs_newest_first_without_skipping_or_repeating_one_while_new_jobs_arrive()
    {
        // Three owners; several jobs share a creation time, so the id breaks ties.
        var records = Enumerable.Range(0, 90).Select(i => Record($"job-{i:D3}", "u-" + (i % 3), T0.AddSeconds(i / 4))).ToList();
        var seen = new List<string>();
        var query = new JobQuery { Owner = "u-1", Limit = 7 };
        for (var pages = 0; ; pages++)
        {
            var page = query.Run(records);
            seen.AddRange(page.Items.Select(r => r.JobId.Value));
            Assert.All(page.Items, r => Assert.Equal("u-1", r.Owner));

            // A job created now lands before the first page and never in a later one.
            records.Add(Record($"new-{pages:D3}", "u-1", T0.AddHours(1)));
            if (page.Next is not { } next)
            {
                break;
            }

            Assert.True(page.Items.Count == 7);
            query = query with { After = next };
        }

        var expected = records.Take(90).Where(r => r.Owner == "u-1")
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.JobId).Select(r => r.JobId.Value).ToList();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Filters_by_status_type_time_and_attempts_combine()
    {
        JobRecord[] records =
        [
            Record("a", "u-1", T0, JobRecordStatus.Failed, "ocr", attempts: 3),
            Record("b", "u-1", T0.AddMinutes(1), JobRecordStatus.Failed, "ocr", attempts: 1),
            Record("c", "u-1", T0.AddMinutes(2), JobRecordStatus.Succeeded, "ocr", attempts: 2),
            Record("d", "u-1", T0.AddMinutes(3), JobRecordStatus.Failed, "mesh", attempts: 2),
            Record("e", "u-2", T0.AddMinutes(4), JobRecordStatus.Failed, "ocr", attempts: 2),
            Record("f", "u-1", T0.AddDays(-1), JobRecordStatus.Failed, "ocr", attempts: 2),
        ];

        var page = new JobQuery
        {
            Owner = "u-1",
            Statuses = [JobRecordStatus.Failed, JobRecordStatus.Cancelled],
            JobType = "ocr",
            CreatedFrom = T0,
            CreatedBefore = T0.AddHours(1),
            MinAttempts = 2,
        }.Run(records);

        Assert.Equal(["a"], page.Items.Select(r => r.JobId.Value));
        Assert.Null(page.Next);
        Assert.Equal(5, new JobQuery { Owner = "u-1" }.Run(records).Items.Count);
        Assert.Equal(6, new JobQuery().Run(records).Items.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(JobQuery.MaxLimit + 1)]
    public void A_page_size_out_of_range_is_refused(int limit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobQuery { Limit = limit }.Run([]));
    }

    [Fact]
    public void Counts_group_by_type_and_state_within_the_window()
    {
        JobRecord[] records =
        [
            Record("a", "u-1", T0, JobRecordStatus.Failed, "ocr"),
            Record("b", "u-2", T0.AddMinutes(1), JobRecordStatus.Failed, "ocr"),
            Record("c", "u-1", T0.AddMinutes(2), JobRecordStatus.Succeeded, "ocr"),
            Record("d", "u-1", T0.AddMinutes(3), JobRecordStatus.Succeeded, "mesh"),
            Record("e", "u-1", T0.AddHours(2), JobRecordStatus.Succeeded, "mesh"),
        ];

        var counts = new JobCountQuery { From = T0, To = T0.AddHours(1) }.Run(records);

        Assert.Equal(
            [new JobCount("mesh", JobRecordStatus.Succeeded, 1), new JobCount("ocr", JobRecordStatus.Succeeded, 1), new JobCount("ocr", JobRecordStatus.Failed, 2)],
            counts);
        Assert.Equal(3, new JobCountQuery { Owner = "u-1", From = T0, To = T0.AddHours(1) }.Run(records).Sum(c => c.Count));
    }

    private static JobRecord Record(string id, string owner, DateTimeOffset createdAt, JobRecordStatus status = JobRecordStatus.Queued, string type = "ocr", int attempts = 0) => new()
    {
        JobId = JobId.Parse(id),
        Owner = owner,
        JobType = type,
        Status = status,
        Attempts = attempts,
        CreatedAt = createdAt,
        LastEvent = new JobEvent { JobId = JobId.Parse(id), Owner = owner, Type = JobEventType.Queued, Timestamp = createdAt },
    };
}
