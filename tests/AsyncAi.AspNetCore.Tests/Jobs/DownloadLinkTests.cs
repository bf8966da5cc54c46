namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>Download links are signed only for outputs of the job being viewed, whatever its stored record lists.</summary>
public sealed class DownloadLinkTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_stored_completion_listing_another_owners_output_gets_a_link_only_for_the_jobs_own_output()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var alice = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(alice);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        var bucket = backend.Resources.Bucket;
        var own = Output("own.txt", new ObjectReference(bucket, $"jobs/owner=alice/{jobId}/outputs/own.txt"));
        var foreign = Output("stolen.txt", new ObjectReference(bucket, $"jobs/owner=victim/{JobId.New()}/outputs/secret.txt"));
        // Written straight into the store, as a record from before the receiver checked outputs (or from another
        // writer) would be: the view must not trust it either.
        await backend.Services.GetRequiredService<IJobStatusStore>().ApplyAsync(new JobEvent
        {
            JobId = jobId,
            Owner = "alice",
            Type = JobEventType.Succeeded,
            Timestamp = DateTimeOffset.UtcNow,
            Completion = new JobCompletion { JobId = jobId, Owner = "alice", JobType = "echo", Status = JobStatus.Succeeded, Outputs = [own, foreign] },
        });

        var view = await alice.GetFromJsonAsync<JsonElement>(job.GetProperty("statusUrl").GetString());

        var output = Assert.Single(view.GetProperty("outputs").EnumerateArray());
        Assert.Equal("own.txt", output.GetProperty("name").GetString());
        Assert.Contains($"jobs/owner=alice/{jobId}/outputs/own.txt", Uri.UnescapeDataString(output.GetProperty("url").GetString()!), StringComparison.Ordinal);
    }

    private static JobOutput Output(string name, ObjectReference location) =>
        new() { Name = name, Location = location, SizeBytes = 1, ContentType = "text/plain", Sha256 = new string('0', 64) };
}
