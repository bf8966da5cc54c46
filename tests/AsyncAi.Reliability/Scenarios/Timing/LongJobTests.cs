namespace AsyncAi.Reliability.Scenarios.Timing;

/// <summary>
/// Timing fault, a job that runs many times its visibility timeout: the worker's heartbeat keeps the message hidden
/// the whole time, so no other receive gets it and the job runs once.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class LongJobTests
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_job_running_several_visibility_timeouts_is_kept_invisible_by_the_heartbeat_and_runs_once()
    {
        var wall = Stopwatch.StartNew();
        var count = ReliabilityProfile.Current.LongJobs;
        var runTime = VisibilityTimeout * ReliabilityProfile.Current.LongJobVisibilityTimeouts;
        await using var stage = await Stage.CreateAsync("timing-long-job");
        var backend = stage.StartBackend();

        // Two workers polling with free slots: a message that came back into view would be taken at once by either.
        var workers = Enumerable.Range(0, 2).Select(_ => stage.StartWorker(new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = "00:00:02",
            ["ReceiveWaitTime"] = "00:00:01",
        })).ToList();
        await Task.WhenAll(workers.Select(w => w.WaitForReadyAsync()).Append(backend.WaitForReadyAsync()));

        var jobs = await Jobs.PublishAsync(stage, JobTypes.Sleep, _ => new SleepParameters { Ms = (int)runTime.TotalMilliseconds }, HostJsonContext.Default.SleepParameters, count);
        Assert.True(await stage.WaitForRecordsAsync(jobs, TimeSpan.FromSeconds(120), [backend, .. workers]), "not every long job completed");
        var requestsLeft = await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(30));
        await Task.Delay(1000);

        var records = stage.Records();
        var delivery = Checks.Delivery(jobs, records);
        var runs = workers.SelectMany(WorkerJournal.Runs).ToList();
        var ends = workers.SelectMany(WorkerJournal.Ends).ToList();
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl);
        var shortest = ends.Count == 0 ? 0 : ends.Min(e => e.AtMs - runs.First(r => r.JobId == e.JobId).AtMs) / 1000.0;
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Timing: jobs running past their visibility timeout",
            Sent = jobs.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = runs.Count - jobs.Count, DeadLettered = dead, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = string.Create(CultureInfo.InvariantCulture, $"sleep jobs of {runTime.TotalSeconds:0} s = {ReliabilityProfile.Current.LongJobVisibilityTimeouts} x the visibility timeout of {VisibilityTimeout.TotalSeconds:0} s, two workers polling; shortest run {shortest:0.0} s; highest receive count {(runs.Count == 0 ? 0 : runs.Max(r => r.Attempt))}; completions report {string.Join("/", records.Select(r => r.Attempts).Distinct().Order())} attempt(s)"),
        });

        Assert.Equal(new DeliveryCounts(count, count, 0, 0, 0), delivery);
        Assert.Equal(count, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.Attempt));
        Assert.Equal(count, ends.Count(e => e.Outcome == "ok"));
        Assert.All(records, r =>
        {
            Assert.Equal("Succeeded", r.Type);
            Assert.Equal(1, r.Attempts);
        });
        Assert.Equal(0, requestsLeft);
        Assert.Equal(0, dead);
    }
}
