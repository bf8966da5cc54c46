using Amazon.S3.Model;

namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// Outbox under SIGKILL: the backend writes orders, each with its job published through <c>IJobOutbox</c> in the
/// order's own SQLite transaction (every 7th rolled back), and is killed with kill -9 at random moments, again and
/// again, each time restarted on the same database, until enough orders committed. Then the database decides: every
/// committed order's job completed once, no job of a rolled-back or never-committed order ran or completed, the
/// outbox is empty and the job store holds every committed job in its final state.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class OutboxKillTests
{
    /// <summary>Set it to replay a run: the kill delays follow from the seed (the report names the one used).</summary>
    private const string SeedVariable = "ASYNCAI_RELIABILITY_SEED";

    /// <summary>A kill falls this long (at most) after the restarted backend's first order: mid-write or mid-send.</summary>
    private const int MaxKillDelayMs = 1500;

    /// <summary>The worker's log line for a copy of a finished job: a duplicate send absorbed without a second run.</summary>
    private const string ResentCompletion = "re-sending its completion instead of running it again";

    [Fact]
    public async Task Every_committed_order_runs_its_job_once_and_no_other_job_runs_across_repeated_backend_kills()
    {
        var wall = Stopwatch.StartNew();
        var target = ReliabilityProfile.Current.OutboxOrders;
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var random = new Random(seed);
        await using var stage = await Stage.CreateAsync("outbox-kill");
        var database = new ShopDatabase(Path.Combine(stage.Folder, "shop.db"));
        var workers = Enumerable.Range(0, 2).Select(_ => stage.StartWorker()).ToList();
        await Task.WhenAll(workers.Select(w => w.WaitForReadyAsync()));

        // Kill, restart, repeat, until a backend reaches the target on its own; that one stays up to drain.
        var backends = new List<HostProcess>();
        HostProcess backend;
        while (true)
        {
            backend = StartBackend(stage, database, target);
            backends.Add(backend);
            // "ORDER" also matches ORDERS-DONE: a restart after the last commit has no order left to write.
            await backend.WaitForLinesAsync(l => l.StartsWith("ORDER", StringComparison.Ordinal), 1, TimeSpan.FromSeconds(90), "its first order");
            var killAfter = TimeSpan.FromMilliseconds(random.Next(MaxKillDelayMs));
            if (await FinishesWithinAsync(backend, killAfter))
            {
                break;
            }

            backend.Kill();
            Assert.True(await backend.WaitForExitAsync(TimeSpan.FromSeconds(10)), $"{backend.Name} did not die of SIGKILL");
        }

        var kills = backends.Count - 1;

        // The outbox drains (a killed dispatcher's claims free up after their lease), then every completion arrives.
        var mustStayUp = workers.Append(backend).ToList();
        await WaitUntilAsync(() => database.OutboxRows() == 0, TimeSpan.FromSeconds(90), mustStayUp);
        var committed = database.CommittedOrders();
        var committedIds = committed.Keys.ToList();
        Assert.True(await stage.WaitForRecordsAsync(committedIds, TimeSpan.FromSeconds(120), mustStayUp), "not every committed order's job completed");
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await stage.Checks.WaitForEmptyAsync(stage.Resources.ResponseQueueUrl!, TimeSpan.FromSeconds(30)));
        await WaitUntilAsync(() => committedIds.All(id => database.JobStatuses().GetValueOrDefault(id) == JobRecordStatus.Succeeded), TimeSpan.FromSeconds(30), mustStayUp);
        await Task.Delay(1000); // a duplicate still on its way would show up in the counts below

        var records = stage.Records();
        var delivery = Checks.Delivery(committedIds, records);
        var completedInStorage = await CompletionRecordsAsync(stage);
        var runs = workers.SelectMany(WorkerJournal.Runs).ToList();
        var statuses = database.JobStatuses();
        var journal = OrderJournal.Read(backends);
        var verified = await stage.Checks.VerifyOutputsAsync(records.DistinctBy(r => r.JobId));
        var stray = await stage.Checks.StrayOutputsAsync(records);
        var dead = await stage.Checks.DepthAsync(stage.Resources.RequestDeadLetterQueueUrl) + await stage.Checks.DepthAsync(stage.Resources.ResponseDeadLetterQueueUrl!);
        var resent = workers.Sum(w => w.CountLogLines(ResentCompletion));
        var notCommitted = journal.JobIds.Where(id => !committed.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        var rolledBack = journal.RolledBack.Count;
        var ranWithoutOrder = runs.Select(r => r.JobId).Where(id => !committed.ContainsKey(id)).Distinct(StringComparer.Ordinal).Count();
        var differingCompletions = records.GroupBy(r => r.JobId, StringComparer.Ordinal).Count(g => g.Select(CompletionIdentity).Distinct(StringComparer.Ordinal).Count() > 1);

        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Outbox under SIGKILL",
            Sent = committed.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = runs.Count - committed.Count, DeadLettered = dead, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = string.Create(CultureInfo.InvariantCulture,
                $"backend killed {kills} times (kill -9 0-{MaxKillDelayMs} ms after each restart's first order, seed {seed}), restarted on the same SQLite file; {journal.Saved.Count} orders written, {committed.Count} committed, {rolledBack} rolled back, {notCommitted.Count - rolledBack} killed before commit; none of those {notCommitted.Count} ran ({ranWithoutOrder} runs without an order) or completed; {completedInStorage.Count} completion records in S3; {resent} duplicate sends (outbox rows re-sent after a kill, or redeliveries) absorbed by the worker re-sending the recorded completion; application duplicates are redeliveries to a restarted backend, folded by the job store; outbox empty; job store: {statuses.Values.Count(s => s == JobRecordStatus.Succeeded)} of {committed.Count} Succeeded; {verified} outputs byte-checked, {stray} stray"),
        });

        Assert.True(kills > 0, "the backend reached its orders before any kill");
        Assert.True(committed.Count >= target, $"{committed.Count} committed orders, fewer than {target}");
        Assert.Equal(0, database.OutboxRows());

        // Every committed order's job completed, once: one completion record each, and every delivery of it the same completion.
        Assert.Equal(0, delivery.Lost);
        Assert.Equal(0, delivery.Unexpected);
        Assert.Equal(0, differingCompletions);
        Assert.True(completedInStorage.SetEquals(committedIds), $"{completedInStorage.Count} completion records in S3 for {committed.Count} committed orders ({completedInStorage.Count(id => !committed.ContainsKey(id))} without an order)");

        // No job of a rolled-back or never-committed order ran, completed or left a store row.
        Assert.True(rolledBack > 0, "no order was rolled back");
        Assert.Equal(0, ranWithoutOrder);
        Assert.DoesNotContain(records, r => notCommitted.Contains(r.JobId));
        Assert.True(statuses.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(committedIds), $"{statuses.Count} job store rows for {committed.Count} committed orders");
        Assert.All(committedIds, id => Assert.Equal(JobRecordStatus.Succeeded, statuses[id]));

        Assert.Equal(0, stray);
        Assert.Equal(0, dead);
    }

    private static HostProcess StartBackend(Stage stage, ShopDatabase database, int orders) =>
        stage.StartBackend(
            "Handler",
            new Dictionary<string, string>
            {
                ["Outbox:Database"] = database.Path,
                ["Outbox:Orders"] = orders.ToString(CultureInfo.InvariantCulture),
                ["Outbox:JobType"] = JobTypes.Checksum,
                ["Outbox:Parameters"] = System.Text.Json.JsonSerializer.Serialize(new ChecksumParameters { Bytes = 64 }, HostJsonContext.Default.ChecksumParameters),
            },
            new Dictionary<string, string>
            {
                // A killed dispatcher's claimed rows wait for their lease: short here, so the drain does not wait 30 s.
                ["LeaseDuration"] = "00:00:03",
                ["PollInterval"] = "00:00:00.250",
            });

    /// <summary>True when the backend wrote ORDERS-DONE within <paramref name="timeout"/>; it must not exit meanwhile.</summary>
    private static async Task<bool> FinishesWithinAsync(HostProcess backend, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        do
        {
            if (backend.Count(l => l.StartsWith("ORDERS-DONE ", StringComparison.Ordinal)) > 0)
            {
                return true;
            }

            Assert.False(backend.HasExited, $"{backend.Name} exited by itself; see {backend.LogPath}");
            await Task.Delay(10);
        }
        while (waited.Elapsed < timeout);
        return false;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, IReadOnlyList<HostProcess> mustStayUp)
    {
        var waited = Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < timeout)
        {
            Assert.DoesNotContain(mustStayUp, p => p.HasExited);
            await Task.Delay(200);
        }
    }

    /// <summary>What makes two deliveries the same completion (a redelivery) rather than two completions of one job.</summary>
    private static string CompletionIdentity(RecordedCompletion record) =>
        string.Join('|', [record.Type, record.Code ?? "", record.WorkerId ?? "", record.Attempts.ToString(CultureInfo.InvariantCulture), .. record.Outputs.Select(o => o.Key + ":" + o.Sha256)]);

    /// <summary>The job ids with a completion record in S3 (<c>jobs/{id}/_completion.json</c>).</summary>
    private static async Task<HashSet<string>> CompletionRecordsAsync(Stage stage)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await stage.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = stage.Resources.Bucket, Prefix = "jobs/", ContinuationToken = token });
            foreach (var key in (page.S3Objects ?? []).Select(o => o.Key).Where(k => k.EndsWith("/" + JobStorageLayout.CompletionObject, StringComparison.Ordinal)))
            {
                ids.Add(key.Split('/')[1]);
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return ids;
    }
}
