using Amazon.SQS.Model;

namespace AsyncAi.AspNetCore.Tests.Jobs;

public sealed class CreateAndStartTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Create_answers_a_presigned_POST_whose_policy_pins_the_owners_input_key_the_type_and_the_size_range()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");

        using var response = await http.PostAsJsonAsync("/api/jobs", new { contentType = "image/png", sizeBytes = 500 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        var jobId = job.GetProperty("jobId").GetString();
        Assert.Equal($"/api/jobs/{jobId}", response.Headers.Location?.ToString());
        var upload = job.GetProperty("upload");
        Assert.Equal("POST", upload.GetProperty("method").GetString());
        Assert.Equal(1000, upload.GetProperty("maxBytes").GetInt64());
        var fields = upload.GetProperty("fields");
        Assert.Equal($"jobs/owner=alice/{jobId}/inputs/image", fields.GetProperty("key").GetString());
        var policy = JsonDocument.Parse(Convert.FromBase64String(fields.GetProperty("Policy").GetString()!)).RootElement;
        var conditions = policy.GetProperty("conditions").EnumerateArray().Select(c => c.GetRawText()).ToList();
        Assert.Contains(conditions, c => c.Contains("content-length-range", StringComparison.Ordinal) && c.Replace(" ", "", StringComparison.Ordinal).Contains(",1,1000]", StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.Contains("Content-Type", StringComparison.Ordinal) && c.Contains("\"image/png\"", StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.Contains($"jobs/owner=alice/{jobId}/inputs/image", StringComparison.Ordinal));
        Assert.Equal($"/api/jobs/{jobId}/start", job.GetProperty("startUrl").GetString());
        Assert.Equal($"/api/jobs/{jobId}/events", job.GetProperty("eventsUrl").GetString());
        Assert.Equal($"/api/jobs/{jobId}/ws", job.GetProperty("webSocketUrl").GetString());
        Assert.Equal($"/api/jobs/{jobId}/cancel", job.GetProperty("cancelUrl").GetString());
    }

    [Theory]
    [InlineData("image/gif", 10, 400, "unsupported_type")]
    [InlineData(null, 10, 400, "unsupported_type")]
    [InlineData("image/png", 0, 400, "empty_file")]
    [InlineData("image/png", 1_500_000, 413, "file_too_large")]
    public async Task Create_refuses_a_type_or_size_outside_the_limits_with_a_problem_document(string? contentType, long size, int status, string code)
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");

        using var response = await http.PostAsJsonAsync("/api/jobs", new { contentType, sizeBytes = size });

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (code == "file_too_large")
        {
            // The file's own size, in units people read, next to the limit.
            Assert.Equal("The file is 1.4 MB; the largest allowed is 1000 bytes.", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task The_presigned_POST_stores_the_file_and_start_publishes_the_job_with_the_owner_and_its_own_input()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http, "hello"u8.ToArray());
        var jobId = job.GetProperty("jobId").GetString()!;

        using var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });
        using var again = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal($"/api/jobs/{jobId}", start.Headers.Location?.ToString());
        Assert.Equal("queued", (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var messages = await ReceiveAllAsync(backend);
        var message = Assert.Single(messages);
        Assert.Equal(jobId, message.JobId.Value);
        Assert.Equal("alice", message.Owner);
        Assert.Equal("echo", message.JobType);
        var input = Assert.Single(message.Inputs);
        Assert.Equal("image", input.Key);
        Assert.Equal(new ObjectReference(backend.Resources.Bucket, $"jobs/owner=alice/{jobId}/inputs/image"), input.Value);
        Assert.False(message.Metadata.ContainsKey(AsyncAi.Uploads.OutputUploadCredential.MetadataKey));
    }

    [Fact]
    public async Task Start_before_the_upload_answers_409_and_publishes_nothing()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateAsync(http);

        using var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });

        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        Assert.Equal("input_missing", (await Api.ProblemAsync(start)).GetProperty("code").GetString());
        Assert.Empty(await ReceiveAllAsync(backend));
    }

    [Fact]
    public async Task A_job_of_another_owner_answers_404_on_every_endpoint()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var alice = backend.CreateClient(user: "alice");
        using var mallory = backend.CreateClient(user: "mallory");
        var job = await Api.CreateUploadedAsync(alice);
        var id = job.GetProperty("jobId").GetString();

        using var get = await mallory.GetAsync($"/api/jobs/{id}");
        using var events = await mallory.GetAsync($"/api/jobs/{id}/events");
        using var cancel = await mallory.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { });
        using var start = await mallory.PostAsJsonAsync($"/api/jobs/{id}/start", new { });
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);

        using var own = await alice.GetAsync($"/api/jobs/{id}");
        Assert.Equal("created", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Empty(await ReceiveAllAsync(backend));
    }

    [Fact]
    public async Task A_user_id_that_is_not_a_key_segment_becomes_a_stable_hashed_owner()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice@example.com");

        var first = await Api.CreateAsync(http);
        var second = await Api.CreateAsync(http);

        var key = first.GetProperty("upload").GetProperty("fields").GetProperty("key").GetString()!;
        Assert.Matches("^jobs/owner=u-[0-9a-f]{40}/", key);
        Assert.StartsWith(key[..key.IndexOf('/', 5)], second.GetProperty("upload").GetProperty("fields").GetProperty("key").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_writes_the_cancel_marker_into_the_jobs_own_folder()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var id = job.GetProperty("jobId").GetString();

        using var cancel = await http.PostAsJsonAsync(job.GetProperty("cancelUrl").GetString(), new { });

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var marker = await backend.S3.GetObjectMetadataAsync(backend.Resources.Bucket, $"jobs/owner=alice/{id}/{JobStorageLayout.CancelObject}");
        Assert.Equal(HttpStatusCode.OK, marker.HttpStatusCode);
    }

    internal static async Task<List<JobMessage>> ReceiveAllAsync(BackendApp backend)
    {
        var response = await backend.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = backend.Resources.RequestQueueUrl.ToString(),
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 1,
            MessageAttributeNames = ["All"],
        });
        return [.. (response.Messages ?? []).Select(m => JobWireFormat.DeserializeJob(m.Body))];
    }
}
