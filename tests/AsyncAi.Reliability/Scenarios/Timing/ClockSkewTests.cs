namespace AsyncAi.Reliability.Scenarios.Timing;

/// <summary>
/// Timing fault, clock skew between producer and worker: the producer stamps a deadline by its clock, the worker
/// judges it by its own (the DI <see cref="TimeProvider"/>, shifted in the worker process). A worker ahead by more
/// than the time left ends each job as Expired without running it; a worker ahead by less runs them.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ClockSkewTests
{
    private static readonly TimeSpan DeadlineAhead = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_worker_clock_ahead_past_the_deadline_expires_jobs_unrun_and_one_ahead_within_it_runs_them()
    {
        // Two worlds side by side (each its own emulator, queues and processes), so the two cases share one wait.
        var beyond = RunAsync("timing-clock-beyond-deadline", TimeSpan.FromMinutes(5));
        var within = RunAsync("timing-clock-within-deadline", TimeSpan.FromSeconds(10));
        var results = await Task.WhenAll(beyond, within);
        var (ahead, inside) = (results[0], results[1]);

        Assert.Equal(new DeliveryCounts(ahead.Jobs.Count, ahead.Jobs.Count, 0, 0, 0), ahead.Delivery);
        Assert.InRange(ahead.ClockOffsetMs, 299_000, 301_000);
        Assert.All(ahead.Records, r =>
        {
            Assert.Equal("Expired", r.Type);
            Assert.Equal(JobErrorCodes.DeadlineExceeded, r.Code);
            Assert.Equal(0, r.Attempts);
            Assert.Empty(r.Outputs);
        });
        Assert.Equal(0, ahead.Runs);
        Assert.Equal(0, ahead.RequestsLeft);
        Assert.Equal(0, ahead.Dead);

        Assert.Equal(new DeliveryCounts(inside.Jobs.Count, inside.Jobs.Count, 0, 0, 0), inside.Delivery);
        Assert.InRange(inside.ClockOffsetMs, 9_000, 11_000);
        Assert.All(inside.Records, r =>
        {
            Assert.Equal("Succeeded", r.Type);
            Assert.Equal(1, r.Attempts);
        });
        Assert.Equal(inside.Jobs.Count, inside.Runs);
        Assert.Equal(inside.Jobs.Count, inside.Verified);
        Assert.Equal(0, inside.Stray);
        Assert.Equal(0, inside.RequestsLeft);
        Assert.Equal(0, inside.Dead);
    }

    private static async Task<SkewResult> RunAsync(string scenario, TimeSpan workerClockAhead)
    {
        var wall = Stopwatch.StartNew();
        var count = ReliabilityProfile.Current.SkewJobs;
        await using var stage = await Stage.CreateAsync(scenario);
        var backend = stage.StartBackend();
        var worker = stage.StartWorker(host: new Dictionary<string, string> { ["ClockOffset"] = workerClockAhead.ToString("c", CultureInfo.InvariantCulture) });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());
        var clockOffsetMs = long.Parse(worker.Lines.First(l => l.StartsWith("CLOCK ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);

        // The producer's clock is the true one: each deadline lies a minute ahead of it when published.
        var requests = Enumerable.Range(0, count).Select(i => new JobRequest(JobTypes.Checksum)
        {
            Parameters = JobParameters.From(new ChecksumParameters { Bytes = 1000 + i, SleepMs = 300 }, HostJsonContext.Default.ChecksumParameters),
            Deadline = DateTimeOffset.UtcNow + DeadlineAhead,
        });
        var jobs = (await stage.Publisher.PublishManyAsync(requests)).Select(p => p.JobId.Value).ToList();
        Assert.True(await stage.WaitForRecordsAsync(jobs, TimeSpan.FromSeconds(90), [backend, worker]), $"{scenario}: not every job reached a defined outcome");
        var requestsLeft = await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(30));
        await Task.Delay(1000);

        var records = stage.Records();
        var delivery = Checks.Delivery(jobs, records);
        var runs = WorkerJournal.Runs(worker).Count();
        var verified = await stage.Checks.VerifyOutputsAsync(records);
        var stray = await stage.Checks.StrayOutputsAsync(records);
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl) + await stage.Checks.DepthAsync(stage.Resources.ResponseDeadLetterQueueUrl!);
        var outcomes = string.Join(", ", records.GroupBy(r => r.Code is null ? r.Type : $"{r.Type}/{r.Code}").Select(g => $"{g.Count()} {g.Key}"));
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = string.Create(CultureInfo.InvariantCulture, $"Timing: worker clock {Describe(workerClockAhead)} ahead, deadline {DeadlineAhead.TotalSeconds:0} s"),
            Sent = jobs.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = runs - records.Count(r => r.Attempts > 0), DeadLettered = dead, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = string.Create(CultureInfo.InvariantCulture, $"worker's DI TimeProvider {clockOffsetMs / 1000.0:0.0} s ahead of the producer's clock; outcomes {outcomes}; handler runs {runs}; {verified} outputs byte-checked, {stray} stray"),
        });
        return new SkewResult(jobs, records, delivery, clockOffsetMs, runs, verified, stray, requestsLeft, dead);
    }

    private static string Describe(TimeSpan offset) =>
        offset >= TimeSpan.FromMinutes(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{offset.TotalMinutes:0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{offset.TotalSeconds:0} s");

    private sealed record SkewResult(
        IReadOnlyList<string> Jobs, IReadOnlyList<RecordedCompletion> Records, DeliveryCounts Delivery,
        long ClockOffsetMs, int Runs, int Verified, int Stray, int RequestsLeft, int Dead);
}
