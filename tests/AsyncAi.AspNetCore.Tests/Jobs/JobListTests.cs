using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsyncAi.AspNetCore.Tests.Support;
using AsyncAi.Testing.Emulator;

namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>GET /api/jobs: "my jobs", from the job store, always the caller's own, a page at a time.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class JobListTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task A_user_lists_only_their_own_jobs_newest_first_with_each_ones_state()
    {
        await using var backend = await BackendApp.StartAsync(fauxqs.Emulator);
        using var alice = backend.CreateClient(user: "alice");
        using var bob = backend.CreateClient(user: "bob");
        var first = await StartAsync(alice);
        var second = await StartAsync(alice);
        var bobs = await StartAsync(bob);
        await Events.SendAsync(backend, JobId.Parse(first), JobEventType.Started, owner: "alice");
        await Events.SendAsync(backend, JobId.Parse(first), JobEventType.Succeeded, completion: Events.Succeeded(JobId.Parse(first), backend, "alice"), owner: "alice");

        var list = await alice.GetFromJsonAsync<JsonElement>("/api/jobs");
        var bobsList = await bob.GetFromJsonAsync<JsonElement>("/api/jobs?owner=alice");

        var items = list.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([second, first], items.Select(i => i.GetProperty("jobId").GetString()));
        Assert.Equal("queued", items[0].GetProperty("state").GetString());
        Assert.Equal("succeeded", items[1].GetProperty("state").GetString());
        Assert.Equal("echo", items[1].GetProperty("jobType").GetString());
        Assert.Equal(1, items[1].GetProperty("outputCount").GetInt32());
        Assert.Equal(1, items[1].GetProperty("attempts").GetInt32());
        Assert.EndsWith($"/api/jobs/{first}", items[1].GetProperty("statusUrl").GetString(), StringComparison.Ordinal);
        Assert.False(list.TryGetProperty("next", out _));

        // The query string cannot name another owner: bob sees his own job only.
        Assert.Equal([bobs], bobsList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("jobId").GetString()));
    }

    [Fact]
    public async Task The_next_links_walk_every_job_once_and_a_status_filter_narrows_the_list()
    {
        await using var backend = await BackendApp.StartAsync(fauxqs.Emulator);
        using var alice = backend.CreateClient(user: "alice");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await StartAsync(alice));
        }

        await Events.SendAsync(backend, JobId.Parse(ids[2]), JobEventType.Failed, completion: Failed(JobId.Parse(ids[2])), owner: "alice");

        var seen = new List<string>();
        var url = "/api/jobs?limit=2";
        var pages = 0;
        while (url is not null)
        {
            var page = await alice.GetFromJsonAsync<JsonElement>(url);
            pages++;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("jobId").GetString()!));
            url = page.TryGetProperty("next", out var next) ? next.GetString() : null;
            Assert.True(url is null || url.Contains("limit=2", StringComparison.Ordinal), url);
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
        var failed = await alice.GetFromJsonAsync<JsonElement>("/api/jobs?status=failed,cancelled");
        var only = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal(ids[2], only.GetProperty("jobId").GetString());
        Assert.Equal(JobErrorCodes.HandlerFailed, only.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=two", "limit")]
    [InlineData("status=done", "status")]
    [InlineData("status=3", "status")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("type=", "type")]
    public async Task A_bad_query_answers_400_naming_the_parameter(string query, string parameter)
    {
        await using var backend = await BackendApp.StartAsync(fauxqs.Emulator);
        using var alice = backend.CreateClient(user: "alice");

        using var response = await alice.GetAsync("/api/jobs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal("invalid_query", problem.GetProperty("code").GetString());
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_who_is_not_signed_in_gets_401_and_a_store_that_cannot_be_queried_answers_501()
    {
        await using var backend = await BackendApp.StartAsync(fauxqs.Emulator);
        await using var s3Store = await BackendApp.StartAsync(fauxqs.Emulator, settings: new() { ["AsyncAi:Client:StatusStore"] = "S3" });
        using var anonymous = backend.CreateClient();
        using var alice = s3Store.CreateClient(user: "alice");

        using var unauthorized = await anonymous.GetAsync("/api/jobs");
        using var unavailable = await alice.GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, unavailable.StatusCode);
        Assert.Equal("job_list_unavailable", (await Api.ProblemAsync(unavailable)).GetProperty("code").GetString());
    }

    private static async Task<string> StartAsync(HttpClient user)
    {
        var job = await Api.CreateUploadedAsync(user);
        using var start = await user.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        return job.GetProperty("jobId").GetString()!;
    }

    private static JobCompletion Failed(JobId jobId) => new()
    {
        JobId = jobId,
        Owner = "alice",
        JobType = "echo",
        Status = JobStatus.Failed,
        Attempts = 1,
        Error = new JobError(JobErrorCodes.HandlerFailed, "The job failed."),
    };
}
