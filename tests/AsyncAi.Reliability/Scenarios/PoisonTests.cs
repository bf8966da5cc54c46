namespace AsyncAi.Reliability.Scenarios;

/// <summary>Poison: handlers that always fail, next to good jobs; attempts, gaps and end states as configured.</summary>
[Trait("Category", "Reliability")]
public sealed class PoisonTests
{
    private const int MaxAttempts = 3;

    [Fact]
    public async Task Always_failing_jobs_end_as_failed_completions_after_their_attempts_and_good_jobs_are_unaffected()
    {
        var wall = Stopwatch.StartNew();
        var good = ReliabilityProfile.Current.GoodJobs;
        await using var stage = await Stage.CreateAsync("poison");
        var backend = stage.StartBackend();
        var worker = stage.StartWorker(new Dictionary<string, string>
        {
            ["MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RetryBaseDelay"] = "00:00:01",
            ["MaxRetryDelay"] = "00:00:04",
        });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());

        var retryable = await Jobs.PublishAsync(stage, JobTypes.AlwaysRetryable, 5);
        var goodJobs = await Jobs.PublishAsync(stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 1000 + i }, HostJsonContext.Default.ChecksumParameters, good);
        var nonRetryable = await Jobs.PublishAsync(stage, JobTypes.NonRetryable, 5);
        var all = retryable.Concat(goodJobs).Concat(nonRetryable).ToList();
        Assert.True(await stage.WaitForRecordsAsync(all, TimeSpan.FromSeconds(90), [backend, worker]), "not every job reached an end state");
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(15)));
        await Task.Delay(1000);

        var records = stage.Records();
        var delivery = Checks.Delivery(all, records);
        var byJob = records.ToDictionary(r => r.JobId, StringComparer.Ordinal);
        var runs = WorkerJournal.Runs(worker).GroupBy(r => r.JobId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(r => r.AtMs).ToList(), StringComparer.Ordinal);

        // Gap between attempt n and n+1: the worker asks for a back-off of half to all of base * 2^(n-1).
        var gaps = retryable.SelectMany(id => runs[id].Zip(runs[id].Skip(1), (a, b) => (a.Attempt, Ms: b.AtMs - a.AtMs))).ToList();
        var verified = await stage.Checks.VerifyOutputsAsync(goodJobs.Select(id => byJob[id]));
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Poison (failing handlers)",
            Sent = all.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = runs.Values.Sum(r => r.Count) - all.Count, DeadLettered = dead, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = $"5 always-retryable: Failed/{JobErrorCodes.HandlerFailed} after {MaxAttempts} attempts, gaps after attempt 1: {Range(gaps, 1)}, after attempt 2: {Range(gaps, 2)}; 5 non-retryable: Failed/{JobTypes.NonRetryableCode} after 1 run; {good} good jobs succeeded, {verified} outputs byte-checked",
        });

        Assert.Equal(new DeliveryCounts(all.Count, all.Count, 0, 0, 0), delivery);
        Assert.All(retryable, id =>
        {
            Assert.Equal("Failed", byJob[id].Type);
            Assert.Equal(JobErrorCodes.HandlerFailed, byJob[id].Code);
            Assert.Equal(MaxAttempts, byJob[id].Attempts);
            Assert.Equal(Enumerable.Range(1, MaxAttempts), runs[id].Select(r => r.Attempt));
        });
        Assert.All(gaps, g => Assert.InRange(g.Ms, 500 * (1 << (g.Attempt - 1)) - 250, 1000 * (1 << (g.Attempt - 1)) + 4000));
        Assert.All(nonRetryable, id =>
        {
            Assert.Equal("Failed", byJob[id].Type);
            Assert.Equal(JobTypes.NonRetryableCode, byJob[id].Code);
            Assert.Equal(1, byJob[id].Attempts);
            Assert.Single(runs[id]);
        });
        Assert.All(goodJobs, id =>
        {
            Assert.Equal("Succeeded", byJob[id].Type);
            Assert.Single(runs[id]);
        });
        Assert.Equal(good, verified);
        Assert.Equal(0, dead);
    }

    private static string Range(List<(int Attempt, long Ms)> gaps, int attempt)
    {
        var of = gaps.Where(g => g.Attempt == attempt).Select(g => g.Ms).ToList();
        return of.Count == 0 ? "none" : $"{of.Min() / 1000.0:0.0}-{of.Max() / 1000.0:0.0} s";
    }
}
