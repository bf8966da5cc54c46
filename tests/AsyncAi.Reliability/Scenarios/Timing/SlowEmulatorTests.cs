namespace AsyncAi.Reliability.Scenarios.Timing;

/// <summary>
/// Timing fault, a slow spell on the link to the emulator: the worker reaches SQS and S3 through a proxy that holds
/// every chunk in each direction, so a message's first visibility renewal reaches SQS after the message is visible
/// again. Redeliveries follow; every job's completion still reaches the application exactly once. The spell ends
/// once every completion has arrived, and the redeliveries still circling then must settle: queues empty, no DLQ.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class SlowEmulatorTests
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(2);

    // The receive response arrives this late (the worker thinks 2 s are left, 1.2 s are), and the renewal the worker
    // sends with 1 s left on its own count arrives this late again: 0.4-0.9 s after the message became visible.
    private static readonly TimeSpan OneWayDelay = TimeSpan.FromMilliseconds(800);

    [Fact]
    public async Task Renewals_that_arrive_late_through_a_slow_link_cause_redeliveries_but_each_completion_reaches_the_application_once()
    {
        var wall = Stopwatch.StartNew();
        var count = ReliabilityProfile.Current.SlowEmulatorJobs;
        await using var stage = await Stage.CreateAsync("timing-slow-emulator");
        await using var proxy = DelayingProxy.Start(stage.Emulator.ServiceUrl);
        var backend = stage.StartBackend();
        var worker = stage.StartWorker(new Dictionary<string, string>
        {
            ["Aws:ServiceUrl"] = proxy.Url.AbsoluteUri,
            ["VisibilityTimeout"] = "00:00:02",
            ["ReceiveWaitTime"] = "00:00:01",
        });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());

        // Slow from here on, while the worker is already polling: the change applies to connections already open.
        proxy.Delay = OneWayDelay;
        var spell = Stopwatch.StartNew();
        var jobs = await Jobs.PublishAsync(stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 3000 + i, SleepMs = 1500 }, HostJsonContext.Default.ChecksumParameters, count);
        var allHeard = await stage.WaitForRecordsAsync(jobs, TimeSpan.FromSeconds(180), [backend, worker]);
        var slowFor = spell.Elapsed;

        // While the link stays this slow, a finished job's redelivery re-sends its completion and deletes with its
        // receipt handle, but that delete lands after the next receive made the handle stale: it circles until SQS's
        // redrive moves it to the DLQ (see docs/reliability.md, Findings). The spell ends here.
        proxy.Delay = TimeSpan.Zero;
                Assert.True(allHeard, "not every job completed through the slow link");
        var requestsLeft = await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(60));
        var responsesLeft = await stage.Checks.WaitForEmptyAsync(stage.Resources.ResponseQueueUrl!, TimeSpan.FromSeconds(30));
        await Task.Delay(1000); // a re-sent completion still on its way to the record file
        var delayedChunks = proxy.DelayedChunks;

        var records = stage.Records();
        var delivery = Checks.Delivery(jobs, records);
        var runs = WorkerJournal.Runs(worker).ToList();
        var reRuns = runs.Count - jobs.Count;
        var resent = worker.CountLogLines("re-sending its completion instead of running it again");
        var redelivered = runs.Where(r => r.Attempt > 1).Select(r => r.JobId).Distinct(StringComparer.Ordinal).Count();
        var highestReceiveCount = runs.Count == 0 ? 0 : runs.Max(r => r.Attempt);
        var verified = await stage.Checks.VerifyOutputsAsync(records);
        var stray = await stage.Checks.StrayOutputsAsync(records);
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl) + await stage.Checks.DepthAsync(stage.Resources.ResponseDeadLetterQueueUrl!);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Timing: slow emulator (renewals arrive late)",
            Sent = jobs.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = reRuns, DeadLettered = dead, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = string.Create(CultureInfo.InvariantCulture, $"worker behind a proxy adding {OneWayDelay.TotalMilliseconds:0} ms per chunk each way for {slowFor.TotalSeconds:0} s, until every completion was heard ({delayedChunks} chunks delayed), visibility timeout {VisibilityTimeout.TotalSeconds:0} s, checksum jobs of 1.5 s; {redelivered} jobs run again on a redelivery (highest receive count of a run {highestReceiveCount}), {resent} redeliveries of finished jobs re-sent their recorded completion; {verified} outputs byte-checked, {stray} stray; left on the queues {requestsLeft} + {responsesLeft}"),
        });

        Assert.True(delayedChunks > 0, "the proxy delayed nothing: the worker did not go through it");

        // The link's delay makes every first renewal late (see OneWayDelay): the fault must have shown itself.
        Assert.True(redelivered + resent > 0, "no message was redelivered: the renewals were not late");
        Assert.Equal(new DeliveryCounts(count, count, 0, 0, 0), delivery);
        Assert.All(records, r => Assert.Equal("Succeeded", r.Type));
        Assert.Equal(count, verified);
        Assert.Equal(0, stray);
        Assert.Equal(0, requestsLeft);
        Assert.Equal(0, responsesLeft);
        Assert.Equal(0, dead);
    }
}
