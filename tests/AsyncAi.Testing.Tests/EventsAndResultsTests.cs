namespace AsyncAi.Testing.Tests;

public sealed class EventsAndResultsTests
{
    [Fact]
    public async Task Watch_streams_the_latest_state_then_each_event_until_the_terminal_one()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("gated", _ => new DelegateHandler(async (ctx, ct) =>
        {
            await ctx.ReportProgressAsync(0.5, "half", ct);
            await release.Task.WaitAsync(ct);
        })));
        var published = await harness.PublishAsync(new JobRequest("gated"));

        var seen = new List<JobEventType>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in harness.Events.WatchAsync(published.JobId, timeout.Token))
        {
            seen.Add(e.Type);
            if (e.Type == JobEventType.Progress)
            {
                release.SetResult();
            }
        }

        Assert.Equal(JobEventType.Succeeded, seen[^1]);
        Assert.Contains(JobEventType.Progress, seen);
        Assert.Single(seen, t => t.IsTerminal());
    }

    [Fact]
    public async Task Two_owners_jobs_with_one_id_keep_their_own_events_and_waiting_without_the_owner_names_the_owners_that_exist()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("noop", _ => new DelegateHandler((_, _) => Task.CompletedTask)),
            configureOptions: o => o.WaitTimeout = TimeSpan.FromSeconds(1));
        var id = JobId.New();

        var alices = await harness.RunAsync(new JobRequest("noop") { JobId = id, Owner = "alice" });
        var bobs = await harness.RunAsync(new JobRequest("noop") { JobId = id, Owner = "bob" });
        var wrong = await Assert.ThrowsAsync<TimeoutException>(() => harness.WaitForCompletionAsync(id));

        Assert.Equal(("alice", "bob"), (alices.Owner, bobs.Owner));
        Assert.All(harness.EventsOf(id, "alice"), e => Assert.Equal("alice", e.Owner));
        Assert.Equal([JobEventType.Queued, JobEventType.Started], harness.EventsOf(id, "bob").Take(2).Select(e => e.Type));
        Assert.Empty(harness.EventsOf(id));
        Assert.Contains("other owners: 'alice', 'bob'", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_on_a_finished_job_yields_only_its_terminal_event()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("noop", _ => new DelegateHandler((_, _) => Task.CompletedTask)));
        var completion = await harness.RunAsync(new JobRequest("noop"));

        var events = await harness.Events.WatchAsync(completion.JobId).ToListAsync();

        var only = Assert.Single(events);
        Assert.Equal(completion, only.Completion);
    }

    [Fact]
    public async Task Watch_all_sees_events_of_every_job()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("noop", _ => new DelegateHandler((_, _) => Task.CompletedTask)),
            configureOptions: o => o.RunJobsAutomatically = false);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The first MoveNextAsync subscribes before it waits, so no event published after it can be missed.
        var watcher = harness.Events.WatchAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = watcher.MoveNextAsync();
        var a = await harness.PublishAsync(new JobRequest("noop"));
        var b = await harness.PublishAsync(new JobRequest("noop"));
        await harness.RunPendingJobsAsync();

        var seen = new List<JobEvent>();
        while (seen.Count(e => e.IsTerminal) < 2 && await next)
        {
            seen.Add(watcher.Current);
            next = watcher.MoveNextAsync();
        }

        // An async iterator cannot be disposed while a MoveNextAsync is pending: end it by cancelling first.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        await watcher.DisposeAsync();
        Assert.Contains(seen, e => e.JobId == a.JobId && e.Type == JobEventType.Queued);
        Assert.Contains(seen, e => e.JobId == a.JobId && e.IsTerminal);
        Assert.Contains(seen, e => e.JobId == b.JobId && e.IsTerminal);
    }

    [Fact]
    public async Task Status_store_keeps_the_terminal_state_and_ignores_later_events()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("noop", _ => new DelegateHandler((_, _) => Task.CompletedTask)));
        var completion = await harness.RunAsync(new JobRequest("noop"));
        var store = (IJobStatusStore)harness.Services.GetService(typeof(IJobStatusStore))!;

        var changed = await store.ApplyAsync(new JobEvent { JobId = completion.JobId, Type = JobEventType.Progress, Timestamp = DateTimeOffset.UnixEpoch });
        var record = await store.GetAsync(completion.JobId);

        Assert.False(changed);
        Assert.Equal(completion, record?.Completion);
    }

    [Fact]
    public async Task Result_store_opens_outputs_and_makes_memory_download_urls()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("out", _ => new DelegateHandler((ctx, ct) =>
            ctx.Outputs.WriteAsync("result.json", "{}"u8.ToArray(), "application/json", ct))));
        var completion = await harness.RunAsync(new JobRequest("out"));
        var output = completion.FindOutput("result.json")!;

        var url = await harness.Results.GetDownloadUrlAsync(output, TimeSpan.FromMinutes(5));
        await using var stream = await harness.Results.OpenReadAsync(output);
        using var reader = new StreamReader(stream);

        Assert.Equal($"memory://{output.Location.Bucket}/{output.Location.Key}", url.ToString());
        Assert.Equal("{}", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Result_store_refuses_an_output_that_was_never_written()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler<UpperCaseHandler>("upper"));
        var ghost = new JobOutput { Name = "x", Location = new(harness.Bucket, "none/x"), SizeBytes = 0, ContentType = "text/plain", Sha256 = "" };

        await Assert.ThrowsAsync<FileNotFoundException>(() => harness.Results.OpenReadAsync(ghost));
    }
}
