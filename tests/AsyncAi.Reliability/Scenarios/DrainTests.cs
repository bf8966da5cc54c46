namespace AsyncAi.Reliability.Scenarios;

/// <summary>Drain: SIGTERM a busy worker; it finishes or releases what it holds, takes nothing new, and exits 0 in time.</summary>
[Trait("Category", "Reliability")]
public sealed class DrainTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_terminated_worker_finishes_short_jobs_releases_long_ones_takes_nothing_new_and_exits_0_in_time()
    {
        var wall = Stopwatch.StartNew();
        await using var stage = await Stage.CreateAsync("drain");
        var backend = stage.StartBackend();

        // A long visibility timeout: a released job comes back at once, an unreleased one only after 30 s.
        var worker = stage.StartWorker(new Dictionary<string, string>
        {
            ["Concurrency"] = "10",
            ["VisibilityTimeout"] = "00:00:30",
            ["ShutdownGracePeriod"] = "00:00:04",
        });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());

        var shortJobs = await Jobs.PublishAsync(stage, JobTypes.Sleep, _ => new SleepParameters { Ms = 1500 }, HostJsonContext.Default.SleepParameters, 5);
        var longJobs = await Jobs.PublishAsync(stage, JobTypes.Sleep, _ => new SleepParameters { Ms = 120_000, RetryMs = 50 }, HostJsonContext.Default.SleepParameters, 5);
        await worker.WaitForLinesAsync(WorkerJournal.IsRun, 10, TimeSpan.FromSeconds(60), "all 10 jobs running");

        // Queued behind a full worker: slots free up during the drain, and none of these may be taken then.
        var queued = await Jobs.PublishAsync(stage, JobTypes.NoOp, 10);
        worker.Terminate();
        var signalled = Stopwatch.StartNew();
        var exitedInTime = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var exitTime = signalled.Elapsed;
        Assert.True(exitedInTime, "the worker did not exit within 30 s of SIGTERM");

        var stopping = WorkerJournal.StoppingAt(worker);
        Assert.NotNull(stopping);
        var runs = WorkerJournal.Runs(worker).ToList();
        var ends = WorkerJournal.Ends(worker).ToList();
        var lateStarts = runs.Count(r => r.AtMs > stopping);

        // The replacement takes the released long jobs and the queued ones.
        var replacement = stage.StartWorker(new Dictionary<string, string> { ["VisibilityTimeout"] = "00:00:30" });
        await replacement.WaitForReadyAsync();
        var replacementReady = Stopwatch.StartNew();
        var all = shortJobs.Concat(longJobs).Concat(queued).ToList();
        Assert.True(await stage.WaitForRecordsAsync(all, TimeSpan.FromSeconds(60), [backend, replacement]), "not every job completed after the drain");
        var rerunDelay = replacementReady.Elapsed;
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(15)));
        await Task.Delay(1000);

        var records = stage.Records();
        var delivery = Checks.Delivery(all, records);
        var byJob = records.ToDictionary(r => r.JobId, StringComparer.Ordinal);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Drain (SIGTERM worker)",
            Sent = all.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = runs.Count + WorkerJournal.Runs(replacement).Count() - all.Count,
            DeadLettered = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl),
            RecoveryMs = exitTime.TotalMilliseconds, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = $"recovery = SIGTERM to exit (grace {Grace.TotalSeconds:0} s, exit code {worker.ExitCode}); {lateStarts} jobs started after the signal; released jobs done {rerunDelay.TotalSeconds:0.0} s after the replacement was ready (visibility timeout 30 s)",
        });

        Assert.Equal(0, worker.ExitCode);
        Assert.InRange(exitTime, Grace - TimeSpan.FromSeconds(1), Grace + TimeSpan.FromSeconds(8));
        Assert.Equal(0, lateStarts);
        Assert.Equal(10, runs.Count);
        Assert.All(shortJobs, id =>
        {
            Assert.Contains(ends, e => e.JobId == id && e.Outcome == "ok");
            Assert.Equal("worker-1", byJob[id].WorkerId);
        });
        Assert.All(longJobs, id =>
        {
            Assert.Contains(ends, e => e.JobId == id && e.Outcome == "cancelled");
            Assert.Equal("worker-2", byJob[id].WorkerId);
        });
        Assert.All(queued, id => Assert.Equal("worker-2", byJob[id].WorkerId));

        // Released, not left to time out: the replacement finished them well inside the 30 s visibility timeout.
        Assert.True(rerunDelay < TimeSpan.FromSeconds(20), $"released jobs took {rerunDelay} to come back");
        Assert.Equal(new DeliveryCounts(20, 20, 0, 0, 0), delivery);
        Assert.All(records, r => Assert.Equal("Succeeded", r.Type));
        Assert.Equal(0, await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl));
    }
}
