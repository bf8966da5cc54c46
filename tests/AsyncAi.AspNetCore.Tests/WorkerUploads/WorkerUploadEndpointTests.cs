using System.Net.Http.Headers;
using System.Web;
using Amazon.S3.Model;
using AsyncAi.AspNetCore.Tests.Jobs;
using AsyncAi.Uploads;

namespace AsyncAi.AspNetCore.Tests.WorkerUploads;

/// <summary>
/// Per-job upload credentials: the job endpoints put one into each job message, and the worker-upload endpoint
/// signs URLs only for that job, only while it has not completed, up to the size cap. URLs are checked by decoding
/// them (the emulator does not check signatures).
/// </summary>
public sealed class WorkerUploadEndpointTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    internal const string SigningKey = "test-signing-key-0123456789abcdef0123456789";

    [Fact]
    public async Task A_started_job_carries_a_credential_that_buys_urls_for_its_own_outputs_signed_for_type_and_length()
    {
        await using var backend = await StartAsync();
        using var http = backend.CreateClient(user: "alice");
        var (jobId, credential) = await StartJobAsync(backend, http);

        using var response = await RequestAsync(http, credential, new { jobId, owner = "alice", outputName = "masks/a.png", contentType = "image/png", sizeBytes = 123 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"jobs/owner=alice/{jobId}/outputs/masks/a.png", grant.GetProperty("location").GetProperty("key").GetString());
        var query = HttpUtility.ParseQueryString(new Uri(grant.GetProperty("url").GetString()!).Query);
        Assert.Equal("content-length;content-type;host;if-none-match", query["X-Amz-SignedHeaders"]);
        // The SDK counts the expiry from its own clock reading, so a second may tick between the two: 300 or 301.
        Assert.Matches("^30[01]$", query["X-Amz-Expires"]);
    }

    [Fact]
    public async Task A_credential_is_good_for_its_own_job_and_owner_only_and_no_shared_token_is_accepted_unless_configured()
    {
        await using var backend = await StartAsync();
        using var http = backend.CreateClient(user: "alice");
        var (jobId, credential) = await StartJobAsync(backend, http);
        var (otherJobId, _) = await StartJobAsync(backend, http);

        using var otherJob = await RequestAsync(http, credential, new { jobId = otherJobId, owner = "alice", outputName = "a.png", contentType = "image/png", sizeBytes = 1 });
        using var otherOwner = await RequestAsync(http, credential, new { jobId, owner = "bob", outputName = "a.png", contentType = "image/png", sizeBytes = 1 });
        using var noOwner = await RequestAsync(http, credential, new { jobId, outputName = "a.png", contentType = "image/png", sizeBytes = 1 });
        using var tampered = await RequestAsync(http, credential[..^2] + (credential[^2] == 'A' ? "BB" : "AA"), new { jobId, owner = "alice", outputName = "a.png", contentType = "image/png", sizeBytes = 1 });
        using var token = await RequestAsync(http, "a-static-token-that-nobody-configured-0123", new { jobId, owner = "alice", outputName = "a.png", contentType = "image/png", sizeBytes = 1 });

        Assert.All(new[] { otherJob, otherOwner, noOwner, tampered, token }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
    }

    [Fact]
    public async Task A_completed_job_an_output_over_the_cap_and_a_content_type_that_is_not_MIME_are_refused()
    {
        await using var backend = await StartAsync(new() { ["AsyncAi:Client:WorkerUploads:MaxOutputBytes"] = "1000" });
        using var http = backend.CreateClient(user: "alice");
        var (jobId, credential) = await StartJobAsync(backend, http);

        using var tooLarge = await RequestAsync(http, credential, new { jobId, owner = "alice", outputName = "a.bin", contentType = "application/octet-stream", sizeBytes = 1001 });
        using var notMime = await RequestAsync(http, credential, new { jobId, owner = "alice", outputName = "a.bin", contentType = "not a type", sizeBytes = 10 });
        await backend.S3.PutObjectAsync(new PutObjectRequest { BucketName = backend.Resources.Bucket, Key = $"jobs/owner=alice/{jobId}/{JobStorageLayout.CompletionObject}", ContentBody = "{}" });
        using var completed = await RequestAsync(http, credential, new { jobId, owner = "alice", outputName = "a.bin", contentType = "application/octet-stream", sizeBytes = 10 });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notMime.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, completed.StatusCode);
        Assert.Equal("job_completed", (await Api.ProblemAsync(completed)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_request_without_a_size_gets_no_url_because_an_unsigned_length_would_be_uncapped()
    {
        await using var backend = await StartAsync();
        using var http = backend.CreateClient(user: "alice");
        var (jobId, credential) = await StartJobAsync(backend, http);

        using var noSize = await RequestAsync(http, credential, new { jobId, owner = "alice", outputName = "a.bin", contentType = "application/octet-stream" });

        Assert.Equal(HttpStatusCode.BadRequest, noSize.StatusCode);
        Assert.Contains("no size", (await Api.ProblemAsync(noSize)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_static_token_works_only_when_opted_in()
    {
        const string Token = "opt-in-static-worker-token-0123456789abcdef";
        await using var backend = await StartAsync(new() { ["AsyncAi:Client:WorkerUploads:Token"] = Token });
        using var http = backend.CreateClient();
        var jobId = JobId.New().Value;

        using var response = await RequestAsync(http, Token, new { jobId, outputName = "a.png", contentType = "image/png", sizeBytes = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task<(string JobId, string Credential)> StartJobAsync(BackendApp backend, HttpClient http)
    {
        var job = await Api.CreateUploadedAsync(http);
        using var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var jobId = job.GetProperty("jobId").GetString()!;
        var message = Assert.Single(await CreateAndStartTests.ReceiveAllAsync(backend), m => m.JobId.Value == jobId);
        return (jobId, message.Metadata[OutputUploadCredential.MetadataKey]);
    }

    private Task<BackendApp> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["AsyncAi:Client:WorkerUploads:SigningKey"] = SigningKey };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return BackendApp.StartAsync(Emulator, all, map: app =>
        {
            app.MapAsyncAiJobs("/api/jobs");
            app.MapAsyncAiWorkerUploads("/worker/upload-urls");
        });
    }

    private static async Task<HttpResponseMessage> RequestAsync(HttpClient http, string credential, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/worker/upload-urls") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return await http.SendAsync(request);
    }
}
