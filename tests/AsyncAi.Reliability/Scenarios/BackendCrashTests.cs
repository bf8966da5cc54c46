namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// Backend crash: kill -9 the backend while completions stream in, start it again, and count what reached the
/// application. Three ways to listen, two promises: an <c>IJobEventHandler</c> and the application's own
/// <c>IJobStatusStore</c> are awaited before the response message is deleted (at least once);
/// <c>IJobEvents.WatchAllAsync</c> reads from an in-memory buffer that the listener has already deleted the message
/// for (at most once).
/// </summary>
[Trait("Category", "Reliability")]
public sealed class BackendCrashTests
{
    [Fact]
    public async Task With_an_event_handler_every_completion_reaches_the_application_across_a_backend_kill()
    {
        // The documented at-least-once path: none lost; a redelivery after the restart is allowed and reported as
        // duplicated (the handler is idempotent on the job id, as its contract asks).
        var result = await RunAsync("Handler");
        Assert.Equal(0, result.Delivery.Lost);
        Assert.Equal(0, result.Delivery.Unexpected);
        Assert.Equal(result.Delivery.Sent, result.Delivery.Completed);
        Assert.True(result.DeliveredAfterRestart > 0, "nothing was delivered after the restart");
    }

    [Fact]
    public async Task With_the_applications_status_store_every_completion_reaches_the_application_across_a_backend_kill()
    {
        var result = await RunAsync("Store");
        Assert.Equal(0, result.Delivery.Lost);
        Assert.Equal(0, result.Delivery.Unexpected);
        Assert.True(result.DeliveredAfterRestart > 0, "nothing was delivered after the restart");
    }

    [Fact]
    public async Task With_watch_all_the_restarted_backend_resumes_and_every_job_completed_in_storage()
    {
        // WatchAllAsync promises at most once: a kill between the listener's delete and the application's write
        // loses that event (measured and reported, not asserted to be zero). What must hold: the jobs themselves
        // completed, and the restarted backend hears of everything that arrived while it was down.
        var result = await RunAsync("Watch");
        Assert.Equal(result.Delivery.Sent, result.CompletedInStorage);
        Assert.Equal(0, result.Delivery.Unexpected);
        Assert.True(result.DeliveredAfterRestart > 0, "nothing was delivered after the restart");
        Assert.InRange(result.Delivery.Lost, 0, 10);
    }

    private static async Task<Result> RunAsync(string mode)
    {
        var wall = Stopwatch.StartNew();
        var count = ReliabilityProfile.Current.RestartJobs;
        await using var stage = await Stage.CreateAsync("backend-crash-" + mode.ToLowerInvariant());
        var backend = stage.StartBackend(mode);
        var workers = Enumerable.Range(0, 2).Select(_ => stage.StartWorker()).ToList();
        await Task.WhenAll(workers.Select(w => w.WaitForReadyAsync()).Append(backend.WaitForReadyAsync()));

        var jobs = await Jobs.PublishAsync(stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 512, SleepMs = 100 + i % 7 * 50 }, HostJsonContext.Default.ChecksumParameters, count);
        while (stage.Records().Count < count / 3)
        {
            await Task.Delay(20);
        }

        backend.Kill();
        var killed = Stopwatch.StartNew();
        await backend.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var beforeKill = stage.Records().Count;
        await Task.Delay(TimeSpan.FromSeconds(3));

        var restarted = stage.StartBackend(mode);
        await restarted.WaitForReadyAsync();
        var downFor = killed.Elapsed;
        await WaitForRecordsOrQuietAsync(stage, jobs, [restarted, .. workers]);
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.ResponseQueueUrl!, TimeSpan.FromSeconds(30)));
        await Task.Delay(1000);

        var records = stage.Records();
        var delivery = Checks.Delivery(jobs, records);
        var afterRestart = records.Count(r => r.Pid == restarted.Pid);
        var inStorage = 0;
        foreach (var id in jobs)
        {
            inStorage += await ExistsAsync(stage, "jobs/" + id + "/" + JobStorageLayout.CompletionObject) ? 1 : 0;
        }

        var verified = await stage.Checks.VerifyOutputsAsync(records.DistinctBy(r => r.JobId));
        var dead = await stage.Checks.DepthAsync(stage.Resources.ResponseDeadLetterQueueUrl!) + await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl);
        var promise = mode switch
        {
            "Handler" => "IJobEventHandler (AddAsyncAiJobEventHandler; every handler returned before delete: at least once)",
            "Store" => "application's IJobStatusStore (awaited before delete: at least once)",
            _ => "IJobEvents.WatchAllAsync (deleted before the application acts: at most once)",
        };
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = $"Backend crash, {mode} mode",
            Sent = jobs.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = workers.Sum(w => w.Count(WorkerJournal.IsRun)) - jobs.Count, DeadLettered = dead, RecoveryMs = downFor.TotalMilliseconds, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = string.Create(CultureInfo.InvariantCulture, $"{promise}; killed after {beforeKill} records; recovery = kill to restarted backend ready; {afterRestart} delivered after the restart; {inStorage} completion records in S3; duplicates are redeliveries the application de-duplicates by job id; {verified} outputs byte-checked"),
        });

        Assert.Equal(0, dead);
        return new Result(delivery, afterRestart, inStorage);
    }

    /// <summary>
    /// Until every job has a record, or both queues are empty and the record file has not grown for 3 s: an event
    /// lost by an at-most-once path never arrives, and waiting longer for it would only slow the suite down.
    /// </summary>
    private static async Task WaitForRecordsOrQuietAsync(Stage stage, IReadOnlyList<string> jobs, IEnumerable<HostProcess> mustStayUp)
    {
        var deadline = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var last = -1;
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (await stage.WaitForRecordsAsync(jobs, TimeSpan.FromSeconds(1), mustStayUp))
            {
                return;
            }

            var now = stage.Records().Count;
            if (now != last || await stage.Checks.DepthAsync(stage.Resources.RequestQueueUrl) > 0 || await stage.Checks.DepthAsync(stage.Resources.ResponseQueueUrl!) > 0)
            {
                last = now;
                quiet.Restart();
            }
            else if (quiet.Elapsed > TimeSpan.FromSeconds(3))
            {
                return;
            }
        }
    }

    private static async Task<bool> ExistsAsync(Stage stage, string key)
    {
        try
        {
            await stage.S3.GetObjectMetadataAsync(stage.Resources.Bucket, key);
            return true;
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private sealed record Result(DeliveryCounts Delivery, int DeliveredAfterRestart, int CompletedInStorage);
}
