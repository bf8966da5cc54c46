namespace AsyncAi.Client.Tests.Status;

public sealed class InMemoryJobStatusStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_full_the_job_updated_longest_ago_is_forgotten_first()
    {
        var store = new InMemoryJobStatusStore(capacity: 2);
        await store.ApplyAsync(Queued("a"));
        await store.ApplyAsync(Queued("b"));
        await store.ApplyAsync(Started("a"));

        await store.ApplyAsync(Queued("c"));

        Assert.Equal(2, store.Count);
        Assert.Null(await store.GetAsync(JobId.Parse("b"), owner: null));
        Assert.NotNull(await store.GetAsync(JobId.Parse("a"), owner: null));
        Assert.NotNull(await store.GetAsync(JobId.Parse("c"), owner: null));
    }

    [Fact]
    public async Task A_terminal_record_is_never_overwritten()
    {
        var store = new InMemoryJobStatusStore(capacity: 10);
        var done = new JobEvent { JobId = JobId.Parse("a"), Type = JobEventType.Succeeded, Timestamp = T0 };
        await store.ApplyAsync(done);

        var changed = await store.ApplyAsync(Started("a") with { Attempt = 2 });

        Assert.False(changed);
        Assert.Equal(JobEventType.Succeeded, (await store.GetAsync(JobId.Parse("a"), owner: null))!.LastEvent.Type);
    }

    [Fact]
    public async Task Two_owners_jobs_with_one_id_are_two_records_and_neither_answers_for_the_other()
    {
        IJobStatusStore store = new InMemoryJobStatusStore(capacity: 10);
        var id = JobId.Parse("shared-id");
        await store.ApplyAsync(Queued("shared-id") with { Owner = "alice" });
        await store.ApplyAsync(new JobEvent { JobId = id, Owner = "bob", Type = JobEventType.Failed, Timestamp = T0 });

        // Bob's terminal event does not end Alice's job, and a job without owner is a third, unknown job.
        Assert.False(await store.ApplyAsync(Started("shared-id") with { Owner = "bob" }));
        Assert.True(await store.ApplyAsync(Started("shared-id") with { Owner = "alice" }));
        var alice = await store.GetAsync(id, "alice");
        Assert.Equal((JobEventType.Started, "alice"), (alice!.LastEvent.Type, alice.Owner));
        Assert.Equal(JobEventType.Failed, (await store.GetAsync(id, "bob"))!.LastEvent.Type);
        Assert.Null(await store.GetAsync(id));
    }

    private static JobEvent Queued(string id) => new() { JobId = JobId.Parse(id), Type = JobEventType.Queued, Timestamp = T0 };

    private static JobEvent Started(string id) => new() { JobId = JobId.Parse(id), Type = JobEventType.Started, Timestamp = T0, Attempt = 1 };
}
