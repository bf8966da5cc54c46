namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// Many tenants on one fleet: a noisy neighbour floods the request queue while quiet tenants send one job a second
/// each, first on a worker without tenant limits or lanes, then on one with both; and a high-priority job beside a
/// full bulk lane. What is measured is the quiet tenants' wait from publish to the start of their job's handler.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class TenantTests
{
    private const string Noisy = "tenant-a";
    private const int JobMs = 20;
    private const int Concurrency = 8;
    private const int TenantLimit = 4;
    private static readonly string[] Quiet = ["tenant-b", "tenant-c", "tenant-d", "tenant-e"];

    [Fact]
    public async Task A_flooding_tenant_delays_quiet_tenants_without_limits_and_lanes_and_with_them_they_wait_as_on_an_empty_queue()
    {
        var wall = Stopwatch.StartNew();
        var profile = ReliabilityProfile.Current;
        await using var stage = await Stage.CreateAsync("tenants", lanes: ["bulk"]);
        var bulk = stage.Resources.Lanes.Single().QueueUrl;
        var backend = stage.StartBackend("Handler");
        var plain = stage.StartWorker(new Dictionary<string, string> { ["Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture) });
        await Task.WhenAll(backend.WaitForReadyAsync(), plain.WaitForReadyAsync());

        // 1. The quiet tenants alone: their wait on an empty queue (after one unmeasured round, so JIT is not counted).
        var warmUp = await PublishAsync(stage, lane: null, owner: Quiet[0], Quiet.Length, JobMs);
        Assert.True(await stage.WaitForRecordsAsync(warmUp, TimeSpan.FromSeconds(60), [backend, plain]), "the warm-up jobs did not complete");
        var empty = await QuietTenantsAsync(stage, lane: null, until: null, profile.TenantQuietSeconds);

        // 2. The flood, neither limits nor lanes: every job on the one request queue, the quiet ones behind it.
        var floodOff = await FloodAsync(stage, lane: null, profile.TenantFloodJobs);
        var off = await QuietTenantsAsync(stage, lane: null, until: floodOff, profile.TenantQuietSeconds);
        Assert.True(await stage.WaitForRecordsAsync([.. floodOff, .. off.Jobs], TimeSpan.FromMinutes(3), [backend, plain]), "not every job completed without limits");
        await StopAsync(plain);

        // 3. Limits alone: at most 4 of the noisy tenant's jobs on the worker, the flood still on the one request queue.
        var limited = stage.StartWorker(new Dictionary<string, string>
        {
            ["Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
            ["MaxJobsPerTenant"] = TenantLimit.ToString(CultureInfo.InvariantCulture),
        });
        await limited.WaitForReadyAsync();
        var floodLimited = await FloodAsync(stage, lane: null, profile.TenantFloodJobs);
        var limitsOnly = await QuietTenantsAsync(stage, lane: null, until: floodLimited, profile.TenantQuietSeconds);
        Assert.True(await stage.WaitForRecordsAsync([.. floodLimited, .. limitsOnly.Jobs], TimeSpan.FromMinutes(3), [backend, limited]), "not every job completed with limits");
        await StopAsync(limited);

        // 4. Limits and lanes: the flood on the bulk lane, the quiet tenants on the request queue (ranked first).
        var tuned = stage.StartWorker(new Dictionary<string, string>
        {
            ["Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
            ["MaxJobsPerTenant"] = TenantLimit.ToString(CultureInfo.InvariantCulture),
            ["LanePolicy"] = "Strict",
            ["Lanes:0:Name"] = "normal",
            ["Lanes:1:Name"] = "bulk",
            ["Lanes:1:QueueUrl"] = bulk.AbsoluteUri,
        });
        await tuned.WaitForReadyAsync();
        var floodOn = await FloodAsync(stage, lane: "bulk", profile.TenantFloodJobs);
        var on = await QuietTenantsAsync(stage, lane: null, until: floodOn, profile.TenantQuietSeconds);
        Assert.True(await stage.WaitForRecordsAsync([.. floodOn, .. on.Jobs], TimeSpan.FromMinutes(3), [backend, tuned]), "not every job completed with limits and lanes");
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(15)));
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(bulk, TimeSpan.FromSeconds(15)));

        var workers = new[] { plain, limited, tuned };
        var starts = workers.SelectMany(WorkerJournal.Runs).GroupBy(r => r.JobId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(r => r.AtMs), StringComparer.Ordinal);
        File.WriteAllLines(Path.Combine(stage.Folder, "quiet-waits.csv"), new[] { ("empty", empty), ("off", off), ("limits", limitsOnly), ("on", on) }
            .SelectMany(p => p.Item2.Jobs.Select(id => FormattableString.Invariant($"{p.Item1},{id},{p.Item2.PublishedAt[id]},{starts.GetValueOrDefault(id)},{starts.GetValueOrDefault(id) - p.Item2.PublishedAt[id]}")))
            .Prepend("phase,job,publishedAtMs,startedAtMs,waitMs"));
        var (emptyP50, emptyP99) = Waits(empty, starts);
        var (offP50, offP99) = Waits(off, starts);
        var (limitsP50, limitsP99) = Waits(limitsOnly, starts);
        var (onP50, onP99) = Waits(on, starts);
        var firstRound = on.Jobs.Take(Quiet.Length).Select(id => starts[id] - on.PublishedAt[id]).Max();
        var laterRounds = on.Jobs.Skip(Quiet.Length).Select(id => starts[id] - on.PublishedAt[id]).DefaultIfEmpty(0).Max();
        var all = warmUp.Concat(floodOff).Concat(empty.Jobs).Concat(off.Jobs).Concat(floodLimited).Concat(limitsOnly.Jobs).Concat(floodOn).Concat(on.Jobs).ToList();
        var records = stage.Records();
        var delivery = Checks.Delivery(all, records);
        var noisyReceives = WorkerJournal.Runs(limited).Concat(WorkerJournal.Runs(tuned)).Where(r => floodLimited.Contains(r.JobId) || floodOn.Contains(r.JobId)).Select(r => r.Attempt).DefaultIfEmpty(0).Max();
        var floodLimitedSeconds = Span(floodLimited, records);
        var floodOffSeconds = Span(floodOff, records);
        var floodOnSeconds = Span(floodOn, records);
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl) + await stage.Checks.DepthAsync(stage.Resources.Lanes.Single().DeadLetterQueueUrl);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Tenants: noisy neighbour",
            Sent = all.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = workers.Sum(w => w.Count(WorkerJournal.IsRun)) - all.Count, DeadLettered = dead, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = FormattableString.Invariant($"{profile.TenantFloodJobs} sleep jobs of {JobMs} ms from {Noisy}, 4 quiet tenants 1 job/s each, one worker of concurrency {Concurrency}; quiet wait publish to start p50/p99: empty queue {emptyP50:0} / {emptyP99:0} ms ({empty.Jobs.Count} jobs), limits and lanes off {offP50:0} / {offP99:0} ms ({off.Jobs.Count}), limits only (MaxJobsPerTenant {TenantLimit}) {limitsP50:0} / {limitsP99:0} ms ({limitsOnly.Jobs.Count}), limits and lanes (flood on the bulk lane, Strict) {onP50:0} / {onP99:0} ms ({on.Jobs.Count}; slowest of the first round, published as the flood arrived, {firstRound} ms, of the later rounds {laterRounds} ms); flood done in {floodOffSeconds:0.0} s off, {floodLimitedSeconds:0.0} s limits only, {floodOnSeconds:0.0} s limits and lanes; highest receive count of a flood job's run with limits {noisyReceives} (releases are receives); the emulator has no fair queues"),
        });

        Assert.Equal(new DeliveryCounts(all.Count, all.Count, 0, 0, 0), delivery);
        Assert.Equal(0, dead);
        Assert.All(records, r => Assert.Equal("Succeeded", r.Type));
    }

    [Fact]
    public async Task With_the_bulk_lane_full_a_high_priority_job_is_taken_by_the_next_receive()
    {
        var wall = Stopwatch.StartNew();
        await using var stage = await Stage.CreateAsync("lanes", lanes: ["high", "bulk"]);
        var high = stage.Resources.Lanes[0].QueueUrl;
        var bulk = stage.Resources.Lanes[1].QueueUrl;
        var backend = stage.StartBackend("Handler");

        // 4 slots over 3 lanes: 3 loops (one per lane), each receiving at most 1 message per call.
        const int Slots = 4;
        const int Loops = 3;
        var worker = stage.StartWorker(new Dictionary<string, string>
        {
            ["Concurrency"] = Slots.ToString(CultureInfo.InvariantCulture),
            ["LanePolicy"] = "Strict",
            ["Lanes:0:Name"] = "high",
            ["Lanes:0:QueueUrl"] = high.AbsoluteUri,
            ["Lanes:1:Name"] = "normal",
            ["Lanes:2:Name"] = "bulk",
            ["Lanes:2:QueueUrl"] = bulk.AbsoluteUri,
        });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());

        var bulkJobs = await PublishAsync(stage, "bulk", owner: null, 200, ms: 200);
        await worker.WaitForLinesAsync(WorkerJournal.IsRun, Slots * 3, TimeSpan.FromSeconds(60), "the bulk lane keeps every slot busy");
        var runsBefore = worker.Count(WorkerJournal.IsRun);
        var publishedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var urgent = (await stage.Publisher.PublishAsync(new JobRequest(JobTypes.Sleep) { Lane = "high", Parameters = JobParameters.From(new SleepParameters { Ms = JobMs }, HostJsonContext.Default.SleepParameters) })).JobId.Value;
        Assert.True(await stage.WaitForRecordsAsync([urgent], TimeSpan.FromSeconds(60), [backend, worker]), "the high-priority job did not complete");

        var runs = WorkerJournal.Runs(worker).ToList();
        var urgentRun = runs.FindIndex(r => r.JobId == urgent);
        var urgentStart = runs[urgentRun].AtMs;
        // Bulk jobs that started after the urgent job was on its queue and before it: at most what receives already
        // past their look at the high lane were bringing in (one message per loop).
        var bulkBetween = runs.Skip(runsBefore).Take(urgentRun - runsBefore).Count();
        Assert.True(await stage.WaitForRecordsAsync(bulkJobs, TimeSpan.FromMinutes(2), [backend, worker]), "not every bulk job completed");
        var records = stage.Records();
        var all = bulkJobs.Append(urgent).ToList();
        var delivery = Checks.Delivery(all, records);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Tenants: high priority beside a full bulk lane",
            Sent = all.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = worker.Count(WorkerJournal.IsRun) - all.Count, DeadLettered = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl), WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = FormattableString.Invariant($"200 bulk sleep jobs of 200 ms on {Slots} slots, Strict lanes high/normal/bulk; the high job started {urgentStart - publishedAt} ms after its publish, {bulkBetween} bulk job(s) started in between (bound: {Loops}, one receive per loop)"),
        });

        Assert.InRange(bulkBetween, 0, Loops);
        Assert.Equal(new DeliveryCounts(all.Count, all.Count, 0, 0, 0), delivery);
    }

    /// <summary>
    /// Stops a worker, then waits out its last long poll: a receive the worker abandoned at shutdown stays open on the
    /// queue (the emulator, like SQS, does not notice the closed connection) and would take the next phase's first
    /// messages, which then come back only after their visibility timeout.
    /// </summary>
    private static async Task StopAsync(HostProcess worker)
    {
        worker.Terminate();
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"{worker.Name} did not stop");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the stage's ReceiveWaitTime is 2 s
    }

    private static async Task<List<string>> FloodAsync(Stage stage, string? lane, int count) =>
        await PublishAsync(stage, lane, Noisy, count, JobMs);

    private static async Task<List<string>> PublishAsync(Stage stage, string? lane, string? owner, int count, int ms)
    {
        var ids = new List<string>(count);
        var parameters = JobParameters.From(new SleepParameters { Ms = ms }, HostJsonContext.Default.SleepParameters);
        for (var start = 0; start < count; start += 100)
        {
            var requests = Enumerable.Range(start, Math.Min(100, count - start)).Select(_ => new JobRequest(JobTypes.Sleep) { Owner = owner, Lane = lane, Parameters = parameters });
            ids.AddRange((await stage.Publisher.PublishManyAsync(requests)).Select(p => p.JobId.Value));
        }

        return ids;
    }

    /// <summary>
    /// Each quiet tenant publishes one job a second: for <paramref name="seconds"/>, or, with a flood, until every
    /// flood job has a completion record (at least <paramref name="seconds"/>, at most 3 minutes).
    /// </summary>
    private static async Task<QuietJobs> QuietTenantsAsync(Stage stage, string? lane, IReadOnlyCollection<string>? until, int seconds)
    {
        var jobs = new List<string>();
        var publishedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        var parameters = JobParameters.From(new SleepParameters { Ms = JobMs }, HostJsonContext.Default.SleepParameters);
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var limit = Stopwatch.StartNew();
        for (var second = 0; limit.Elapsed < TimeSpan.FromMinutes(3); second++)
        {
            if (second >= seconds && (until is null || FloodDone(stage, until)))
            {
                break;
            }

            var sends = Quiet.Select(async tenant =>
            {
                var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var job = await stage.Publisher.PublishAsync(new JobRequest(JobTypes.Sleep) { Owner = tenant, Lane = lane, Parameters = parameters });
                return (job.JobId.Value, at);
            }).ToList();
            foreach (var (id, at) in await Task.WhenAll(sends))
            {
                jobs.Add(id);
                publishedAt[id] = at;
            }

            await tick.WaitForNextTickAsync();
        }

        return new QuietJobs(jobs, publishedAt);
    }

    private static bool FloodDone(Stage stage, IReadOnlyCollection<string> flood)
    {
        var seen = stage.Records().Select(r => r.JobId).ToHashSet(StringComparer.Ordinal);
        return flood.All(seen.Contains);
    }

    /// <summary>Publish to the first start of each job's handler, p50 and p99 (nearest rank), in ms.</summary>
    private static (double P50, double P99) Waits(QuietJobs quiet, IReadOnlyDictionary<string, long> starts)
    {
        var waits = quiet.Jobs.Where(starts.ContainsKey).Select(id => (double)(starts[id] - quiet.PublishedAt[id])).Order().ToList();
        Assert.Equal(quiet.Jobs.Count, waits.Count);
        return (Percentile(waits, 0.50), Percentile(waits, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Seconds from the first to the last completion of the flood's jobs.</summary>
    private static double Span(IReadOnlyCollection<string> flood, IReadOnlyList<RecordedCompletion> records)
    {
        var times = records.Where(r => flood.Contains(r.JobId)).Select(r => r.AtMs).ToList();
        return times.Count == 0 ? 0 : (times.Max() - times.Min()) / 1000.0;
    }

    private sealed record QuietJobs(List<string> Jobs, Dictionary<string, long> PublishedAt);
}
