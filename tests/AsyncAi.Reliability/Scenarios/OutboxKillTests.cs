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

    /// <summary>
    /// After its chosen order, a kill waits up to this long, so that it falls anywhere: inside the next transaction,
    /// between a commit and its journal line, or while the dispatcher sends or deletes.
    /// </summary>
    private const int MaxKillDelayMs = 100;

    /// <summary>
    /// The worker's log line for a finished job delivered again, reported without a second run: a redelivery (receive
    /// count above 1), or a second message the outbox sent after a kill, marked as a resend (docs/reliability.md, Findings).
    /// </summary>
    private const string ResentCompletion = "re-sending its completion instead of running it again";

    [Fact]
    public async Task Every_committed_order_completes_its_job_once_and_no_other_job_runs_across_repeated_backend_kills()
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
            // The kill point is drawn in orders, not in time, so the kills spread over the whole run however fast this
            // machine writes (about OutboxKills of them); a short random delay then places it within an order.
            var ordersBeforeKill = random.Next(1, Math.Max(2, 2 * target / ReliabilityProfile.Current.OutboxKills));
            var killDelay = TimeSpan.FromMilliseconds(random.Next(MaxKillDelayMs));
            if (await FinishesBeforeAsync(backend, ordersBeforeKill) || await FinishesWithinAsync(backend, killDelay))
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
        await WaitUntilAsync(() => database.JobStatuses() is var now && committedIds.All(id => now.GetValueOrDefault(id) == JobRecordStatus.Succeeded), TimeSpan.FromSeconds(30), mustStayUp);
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

        // A second message for one job (an outbox row sent again after a kill) arrives with receive count 1, marked as a
        // resend: the worker reports the recorded completion instead. It still runs as attempt 1 again only when both
        // copies were in flight at once (no record yet); a redelivery of the same message runs with a higher attempt.
        var runsOfCopies = runs.Where(r => r.Attempt == 1).GroupBy(r => r.JobId, StringComparer.Ordinal).Sum(g => g.Count() - 1);
        var jobsSentAgain = runs.Where(r => r.Attempt == 1).GroupBy(r => r.JobId, StringComparer.Ordinal).Count(g => g.Count() > 1);
        var redeliveredRuns = runs.Count(r => r.Attempt > 1);
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
                $"backend killed {kills} times (kill -9 0-{MaxKillDelayMs} ms after a random order of each restart, seed {seed}), restarted on the same SQLite file; {journal.Saved.Count} orders written, {committed.Count} committed, {rolledBack} rolled back, {notCommitted.Count - rolledBack} killed before commit; none of those {notCommitted.Count} ran ({ranWithoutOrder} runs without an order) or completed; {completedInStorage.Count} completion records in S3; {resent} redeliveries and outbox resends of finished jobs re-sent their recorded completion without running; {jobsSentAgain} jobs ran from two copies at once ({runsOfCopies} extra runs, each losing the conditional completion write to the first), {redeliveredRuns} runs of redeliveries; application duplicates are redeliveries to a restarted backend, folded by the job store; outbox empty; job store: {statuses.Values.Count(s => s == JobRecordStatus.Succeeded)} of {committed.Count} Succeeded; {verified} outputs byte-checked, {stray} stray"),
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

    /// <summary>True when the backend wrote ORDERS-DONE before it saved <paramref name="orders"/> orders of its own; it must not exit meanwhile.</summary>
    private static async Task<bool> FinishesBeforeAsync(HostProcess backend, int orders)
    {
        var waited = Stopwatch.StartNew();
        while (backend.Count(IsSaved) < orders)
        {
            if (IsDone(backend))
            {
                return true;
            }

            Assert.False(backend.HasExited, $"{backend.Name} exited by itself; see {backend.LogPath}");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"{backend.Name} saved {backend.Count(IsSaved)} of {orders} orders in 90 s; see {backend.LogPath}");
            await Task.Delay(5);
        }

        return false;
    }

    /// <summary>True when the backend wrote ORDERS-DONE within <paramref name="timeout"/>; it must not exit meanwhile.</summary>
    private static async Task<bool> FinishesWithinAsync(HostProcess backend, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        do
        {
            if (IsDone(backend))
            {
                return true;
            }

            Assert.False(backend.HasExited, $"{backend.Name} exited by itself; see {backend.LogPath}");
            await Task.Delay(5);
        }
        while (waited.Elapsed < timeout);
        return false;
    }

    private static bool IsSaved(string line) => line.StartsWith("ORDER ", StringComparison.Ordinal) && line.EndsWith(" saved", StringComparison.Ordinal);

    private static bool IsDone(HostProcess backend) => backend.Count(l => l.StartsWith("ORDERS-DONE ", StringComparison.Ordinal)) > 0;

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
