namespace AsyncAi.Worker.Tests.Trust;

/// <summary>
/// A job is named by its id and owner together: two tenants (and a job without owner) may use one id, and each
/// sees only its own job's events, status, completion and outputs, from the worker through the response queue to the
/// client's status store.
/// </summary>
public sealed class OwnerScopedJobsTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Jobs_of_two_owners_and_one_without_owner_sharing_an_id_each_end_with_their_own_completion()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var id = JobId.Parse($"shared-{Guid.NewGuid():N}");
        string?[] owners = ["alice", "bob", null];

        var published = new List<PublishedJob>();
        foreach (var owner in owners)
        {
            published.Add(await env.Publisher.PublishAsync(new JobRequest("echo") { JobId = id, Owner = owner, Metadata = new Dictionary<string, string> { ["who"] = owner ?? "nobody" } }));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var store = env.Client.Services.GetRequiredService<IJobStatusStore>();
        foreach (var (job, owner) in published.Zip(owners))
        {
            Assert.Equal(owner, job.Owner);
            var completion = await env.Events.WaitForCompletionAsync(id, owner, timeout.Token);

            Assert.Equal((JobStatus.Succeeded, owner, owner ?? "nobody"), (completion.Status, completion.Owner, completion.Metadata["who"]));
            Assert.Equal(JobStorageLayout.JobPrefix("jobs/", id, owner) + "outputs/result.txt", completion.FindOutput("result.txt")!.Location.Key);
            var record = await store.GetAsync(id, owner, timeout.Token);
            Assert.Equal((JobEventType.Succeeded, owner), (record!.LastEvent.Type, record.LastEvent.Owner));
        }

        Assert.Equal(3, env.Log.RunsOf(id));
    }

    [Fact]
    public async Task Watching_an_owners_job_yields_only_events_that_carry_that_owner()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var id = JobId.New();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var other = await env.Publisher.PublishAsync(new JobRequest("echo") { JobId = id, Owner = "bob" });
        await env.Events.WaitForCompletionAsync(id, other.Owner, timeout.Token);
        var watching = CollectAsync(env.Events.WatchAsync(id, "alice", timeout.Token));
        await env.Publisher.PublishAsync(new JobRequest("echo") { JobId = id, Owner = "alice" });
        var seen = await watching;

        // Bob's job ended first; Alice's stream neither starts from Bob's terminal state nor ends with it.
        Assert.Equal(JobEventType.Queued, seen[0].Type);
        Assert.All(seen, e => Assert.Equal("alice", e.Owner));
        Assert.Equal(JobEventType.Succeeded, seen[^1].Type);
        Assert.Equal("alice", seen[^1].Completion!.Owner);
    }

    private static async Task<List<JobEvent>> CollectAsync(IAsyncEnumerable<JobEvent> events)
    {
        var seen = new List<JobEvent>();
        await foreach (var jobEvent in events)
        {
            seen.Add(jobEvent);
        }

        return seen;
    }
}
