namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// Emulator restart: SQS and S3 go away mid-run (kill -9 of the emulator, state persisted) and come back on the same
/// port; workers report unhealthy, back off, and recover; the listener picks up again; nothing is lost or doubled.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class EmulatorRestartTests
{
    // Long enough for three failed receives (unhealthy); the full profile's lets the receive back-off grow.
    private static readonly TimeSpan Outage = ReliabilityProfile.Current.Name == "full" ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Workers_and_the_listener_recover_after_the_emulator_restarts_and_every_job_completes_once()
    {
        var wall = Stopwatch.StartNew();
        var count = ReliabilityProfile.Current.RestartJobs;
        await using var stage = await Stage.CreateAsync("emulator-restart", persistence: true);
        var backend = stage.StartBackend();
        var workers = Enumerable.Range(0, 2)
            .Select(_ => stage.StartWorker(host: new Dictionary<string, string> { ["HealthInterval"] = "00:00:00.250" }))
            .ToList();
        await Task.WhenAll(workers.Select(w => w.WaitForReadyAsync()).Append(backend.WaitForReadyAsync()));

        var jobs = await Jobs.PublishAsync(stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 2000 + i, SleepMs = 500 }, HostJsonContext.Default.ChecksumParameters, count);
        while (stage.Records().Count < count / 4)
        {
            await Task.Delay(100);
        }

        await stage.Emulator.StopAsync();
        var stoppedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var completedBefore = stage.Records().Count;
        await Task.Delay(Outage);
        await stage.Emulator.RestartAsync();
        var restartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sinceRestart = Stopwatch.StartNew();

        Assert.True(await stage.WaitForRecordsAsync(jobs, TimeSpan.FromSeconds(180), [backend, .. workers]), "not every job completed after the restart");
        var allDone = sinceRestart.Elapsed;
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.ResponseQueueUrl!, TimeSpan.FromSeconds(30)));
        await Task.Delay(1000);

        var records = stage.Records();
        var delivery = Checks.Delivery(jobs, records);
        var firstRecordAfter = records.Where(r => r.AtMs > restartedAtMs).Min(r => (long?)r.AtMs);
        var firstRunAfter = workers.Select(w => WorkerJournal.Runs(w).Where(r => r.AtMs > restartedAtMs).Min(r => (long?)r.AtMs)).ToList();
        var health = workers.Select(w => Health(w, stoppedAtMs)).ToList();
        var reRuns = workers.Sum(w => w.Count(WorkerJournal.IsRun)) - jobs.Count;
        var verified = await stage.Checks.VerifyOutputsAsync(records);
        var stray = await stage.Checks.StrayOutputsAsync(records);
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl) + await stage.Checks.DepthAsync(stage.Resources.ResponseDeadLetterQueueUrl!);
        var workerRecovery = firstRunAfter.Select(t => t is { } at ? (at - restartedAtMs) / 1000.0 : double.NaN).ToList();
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Emulator restart (kill -9, persistence on)",
            Sent = jobs.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = reRuns, DeadLettered = dead, RecoveryMs = workerRecovery.Max() * 1000, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = string.Create(CultureInfo.InvariantCulture, $"{Outage.TotalSeconds:0} s outage after {completedBefore} completions; recovery = restart to the last worker's first new job (per worker {string.Join(" / ", workerRecovery.Select(s => $"{s:0.0} s"))}); first completion recorded {(firstRecordAfter - restartedAtMs) / 1000.0:0.0} s after the restart; all done {allDone.TotalSeconds:0.0} s after it; health {string.Join(" / ", health)}; {verified} outputs byte-checked, {stray} stray"),
        });

        Assert.Equal(new DeliveryCounts(count, count, 0, 0, 0), delivery);
        Assert.Equal(count, verified);
        Assert.Equal(0, stray);
        Assert.Equal(0, dead);
        Assert.All(health, h => Assert.StartsWith("Unhealthy", h, StringComparison.Ordinal));
        Assert.All(health, h => Assert.EndsWith("Healthy", h, StringComparison.Ordinal));
    }

    /// <summary>The health statuses a worker reported from the outage on, e.g. "Unhealthy → Healthy".</summary>
    private static string Health(HostProcess worker, long sinceMs) =>
        string.Join(" → ", worker.Lines.Where(l => l.StartsWith("HEALTH ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .Where(f => long.Parse(f[1], CultureInfo.InvariantCulture) >= sinceMs).Select(f => f[2]));
}
