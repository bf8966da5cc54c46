namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>
/// No anonymous access by default; an app that wants anonymous jobs says so with AddAsyncAiAnonymousJobs, and each
/// anonymous job is then reached only with the access key it was created with.
/// </summary>
public sealed class AnonymousAccessTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private const string AccessHeader = "X-AsyncAi-Access-Key";

    [Fact]
    public async Task By_default_a_caller_who_is_not_signed_in_gets_401_on_every_job_endpoint_and_nothing_is_published()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var anonymous = backend.CreateClient();
        var id = JobId.New().Value;

        using var create = await anonymous.PostAsJsonAsync("/api/jobs", new { contentType = "image/png", sizeBytes = 5 });
        using var start = await anonymous.PostAsJsonAsync($"/api/jobs/{id}/start", new { });
        using var get = await anonymous.GetAsync($"/api/jobs/{id}");
        using var events = await anonymous.GetAsync($"/api/jobs/{id}/events");
        using var ws = await anonymous.GetAsync($"/api/jobs/{id}/ws");
        using var cancel = await anonymous.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { });

        Assert.All(new[] { create, start, get, events, ws, cancel }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("sign_in_required", (await Api.ProblemAsync(create)).GetProperty("code").GetString());
        Assert.Empty(await CreateAndStartTests.ReceiveAllAsync(backend));
        var listed = await backend.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = backend.Resources.Bucket, Prefix = "jobs/" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task Opted_in_an_anonymous_job_is_reached_with_its_access_key_and_by_nobody_without_it()
    {
        await using var backend = await BackendApp.StartAsync(Emulator, services: s => s.AddAsyncAiAnonymousJobs());
        using var visitor = backend.CreateClient();
        using var stranger = backend.CreateClient();
        var job = await Api.CreateUploadedAsync(visitor);
        var other = await Api.CreateAsync(stranger);
        var id = job.GetProperty("jobId").GetString()!;
        var key = job.GetProperty("accessKey").GetString()!;

        // 256 random bits; the job's folder holds a one-way hash of the key, never the key.
        Assert.Equal(43, key.Length);
        var folder = job.GetProperty("upload").GetProperty("fields").GetProperty("key").GetString()!.Split('/')[1];
        Assert.Matches("^owner=anon-[0-9a-f]{40}$", folder);
        Assert.DoesNotContain(key, folder, StringComparison.Ordinal);
        Assert.All(new[] { "startUrl", "statusUrl", "eventsUrl", "webSocketUrl", "cancelUrl" }, url => Assert.EndsWith($"?access={key}", job.GetProperty(url).GetString(), StringComparison.Ordinal));

        using var withUrl = await visitor.GetAsync(job.GetProperty("statusUrl").GetString());
        using var withHeader = new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{id}") { Headers = { { AccessHeader, key } } };
        using var headerResponse = await stranger.SendAsync(withHeader);
        using var withoutKey = await stranger.GetAsync($"/api/jobs/{id}");
        using var withOtherKey = await stranger.GetAsync($"/api/jobs/{id}?access={other.GetProperty("accessKey").GetString()}");
        using var withMadeUpKey = await stranger.GetAsync($"/api/jobs/{id}?access=not-a-key");
        using var cancelWithout = await stranger.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { });
        using var signedIn = backend.CreateClient(user: "alice");
        using var userGet = await signedIn.GetAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.OK, withUrl.StatusCode);
        Assert.Equal(HttpStatusCode.OK, headerResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal("access_key_required", (await Api.ProblemAsync(withoutKey)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, withOtherKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withMadeUpKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cancelWithout.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, userGet.StatusCode);

        // The key in the returned URLs is all the browser needs: start, follow (EventSource sends no headers), cancel.
        using (var start = await visitor.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        using (var events = await visitor.GetAsync(job.GetProperty("eventsUrl").GetString(), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        }

        using var cancel = await visitor.PostAsJsonAsync(job.GetProperty("cancelUrl").GetString(), new { });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var published = Assert.Single(await CreateAndStartTests.ReceiveAllAsync(backend));
        Assert.Equal(folder["owner=".Length..], published.Owner);
    }

    [Fact]
    public async Task A_visitor_who_sends_their_key_when_creating_keeps_every_job_under_it_and_lists_them()
    {
        await using var backend = await BackendApp.StartAsync(Emulator, services: s => s.AddAsyncAiAnonymousJobs());
        using var visitor = backend.CreateClient();
        using var stranger = backend.CreateClient();
        var first = await Api.CreateUploadedAsync(visitor);
        var key = first.GetProperty("accessKey").GetString()!;

        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Headers = { { AccessHeader, key } }, Content = JsonContent.Create(new { contentType = "image/png", sizeBytes = 5 }) };
        using var secondResponse = await visitor.SendAsync(again);
        var second = await secondResponse.Content.ReadFromJsonAsync<JsonElement>();
        using var uploaded = await Api.UploadAsync(visitor, second, "image"u8.ToArray());
        using var madeUp = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Headers = { { AccessHeader, "not-a-key" } }, Content = JsonContent.Create(new { contentType = "image/png", sizeBytes = 5 }) };
        using var madeUpResponse = await stranger.SendAsync(madeUp);
        var strangers = await Api.CreateUploadedAsync(stranger);

        // Same key, same owner folder; a malformed key is refused rather than silently replaced.
        Assert.Equal(HttpStatusCode.Created, secondResponse.StatusCode);
        Assert.True(uploaded.IsSuccessStatusCode);
        Assert.Equal(key, second.GetProperty("accessKey").GetString());
        Assert.Equal(Folder(first), Folder(second));
        Assert.NotEqual(Folder(first), Folder(strangers));
        Assert.Equal(HttpStatusCode.Unauthorized, madeUpResponse.StatusCode);

        foreach (var job in new[] { first, second, strangers })
        {
            using var start = await visitor.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/jobs") { Headers = { { AccessHeader, key } } };
        using var listResponse = await visitor.SendAsync(list);
        var items = (await listResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("jobId").GetString()).ToList();
        using var withoutKey = await stranger.GetAsync("/api/jobs");

        Assert.Equal([second.GetProperty("jobId").GetString(), first.GetProperty("jobId").GetString()], items);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);

        static string Folder(JsonElement job) => job.GetProperty("upload").GetProperty("fields").GetProperty("key").GetString()!.Split('/')[1];
    }

    [Fact]
    public async Task A_signed_in_users_job_carries_no_access_key_and_an_owner_rule_that_yields_an_anonymous_owner_is_refused()
    {
        await using var backend = await BackendApp.StartAsync(
            Emulator,
            services: s =>
            {
                s.AddAsyncAiAnonymousJobs();
                s.PostConfigure<AsyncAiEndpointsOptions>(o => o.Jobs.OwnerFromUser = user => user.Identity?.Name is { } name ? name : user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
            });
        using var alice = backend.CreateClient(user: "alice");
        using var impostor = backend.CreateClient(user: "anon-0000000000000000000000000000000000000000");

        var job = await Api.CreateAsync(alice);
        using var refused = await impostor.PostAsJsonAsync("/api/jobs", new { contentType = "image/png", sizeBytes = 5 });

        Assert.False(job.TryGetProperty("accessKey", out _));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("reserved_owner", (await Api.ProblemAsync(refused)).GetProperty("code").GetString());
    }
}
