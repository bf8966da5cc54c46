using System.Collections.Concurrent;

namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>Every job endpoint asks the application's <see cref="IJobAccessPolicy"/> first, with the owner from the user.</summary>
public sealed class AccessPolicyTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Every_endpoint_asks_the_policy_with_its_operation_and_the_users_owner_and_a_refusal_is_a_403_problem()
    {
        var policy = new RecordingPolicy();
        await using var backend = await BackendApp.StartAsync(Emulator, services: s => s.AddSingleton<IJobAccessPolicy>(policy));
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var id = job.GetProperty("jobId").GetString();

        policy.Refuse = true;
        using var create = await http.PostAsJsonAsync("/api/jobs", new { contentType = "image/png", sizeBytes = 5 });
        using var start = await http.PostAsJsonAsync($"/api/jobs/{id}/start", new { });
        using var get = await http.GetAsync($"/api/jobs/{id}");
        using var events = await http.GetAsync($"/api/jobs/{id}/events");
        using var ws = await http.GetAsync($"/api/jobs/{id}/ws");
        using var cancel = await http.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { });

        Assert.All(new[] { create, start, get, events, ws, cancel }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("forbidden", (await Api.ProblemAsync(get)).GetProperty("code").GetString());
        var refused = policy.Seen.Skip(1).ToList();
        Assert.Equal([JobOperation.Create, JobOperation.Start, JobOperation.Read, JobOperation.Watch, JobOperation.Watch, JobOperation.Cancel], refused.Select(r => r.Operation));
        Assert.All(refused, r => Assert.Equal("alice", r.Owner));
        Assert.All(refused.Skip(1), r => Assert.Equal(id, r.JobId?.Value));
        Assert.Empty(await CreateAndStartTests.ReceiveAllAsync(backend));
    }

    [Fact]
    public async Task The_returned_route_group_applies_the_applications_conventions_to_every_job_endpoint()
    {
        await using var backend = await BackendApp.StartAsync(
            Emulator,
            map: app => app.MapAsyncAiJobs("/api/jobs").AddEndpointFilter(async (context, next) =>
                context.HttpContext.Request.Headers[BackendApp.UserHeader] == "alice" ? await next(context) : Results.StatusCode(StatusCodes.Status429TooManyRequests)));
        using var bob = backend.CreateClient(user: "bob");
        using var alice = backend.CreateClient(user: "alice");

        using var refused = await bob.PostAsJsonAsync("/api/jobs", new { contentType = "image/png", sizeBytes = 5 });
        using var allowed = await alice.PostAsJsonAsync("/api/jobs", new { contentType = "image/png", sizeBytes = 5 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    private sealed class RecordingPolicy : IJobAccessPolicy
    {
        public ConcurrentQueue<JobAccessRequest> Seen { get; } = new();

        public bool Refuse { get; set; }

        public ValueTask<bool> IsAllowedAsync(JobAccessRequest request, CancellationToken cancellationToken)
        {
            Seen.Enqueue(request);
            return ValueTask.FromResult(!Refuse);
        }
    }
}
