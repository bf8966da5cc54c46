namespace AsyncAi.Dashboard.Tests.Security;

/// <summary>Who may view and who may act: local requests only by default, policies otherwise, bodies only for actors.</summary>
public sealed class AccessTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private const string Remote = "203.0.113.9";

    [Fact]
    public async Task By_default_a_request_that_is_not_local_is_refused_on_every_endpoint_and_changes_nothing()
    {
        await using var app = await DashboardApp.StartAsync(Emulator);
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 2, "r");
        using var local = app.CreateClient();
        var (header, token, _) = await DashboardPage.LoadAsync(local);
        using var stranger = app.CreateClient(user: "someone", roles: "ops-admin", remote: Remote);

        foreach (var path in new[] { "/ops/", "/ops/api/state", "/ops/api/stream", "/ops/api/jobs", "/ops/api/dead-letters/requests-dlq" })
        {
            using var response = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("local_requests_only", await response.Content.ReadAsStringAsync());
        }

        foreach (var (path, body) in new[] { ("/ops/api/dead-letters/requests-dlq/redrive", """{"all":true}"""), ("/ops/api/dead-letters/requests-dlq/purge", "{\"confirm\":\"x\"}"), ("/ops/api/dead-letters/requests-dlq/scan", "{}") })
        {
            using var response = await stranger.SendAsync(DashboardPage.Post(path, body, header, token));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal((2, 0), await app.DepthAsync(app.Queues.DeadLetterQueueUrl));
    }

    [Fact]
    public async Task With_policies_a_viewer_reads_without_bodies_an_actor_acts_and_sees_them_and_a_stranger_gets_401()
    {
        await using var app = await DashboardApp.StartAsync(Emulator, withPolicies: true);
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 1, "r");

        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/ops/api/state")).StatusCode);
        using var other = app.CreateClient(user: "eve", roles: "sales");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/ops/api/state")).StatusCode);

        using var viewer = app.CreateClient(user: "val", roles: "ops-viewer");
        var (header, token, html) = await DashboardPage.LoadAsync(viewer);
        Assert.Equal("false", DashboardPage.Meta(html, "may-act"));
        using var scan = await viewer.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/scan", "{}", header, token));
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        var listing = JsonDocument.Parse(await scan.Content.ReadAsStringAsync()).RootElement;
        var message = listing.GetProperty("messages")[0];
        Assert.Equal("job-0000", message.GetProperty("jobId").GetString());
        Assert.False(message.TryGetProperty("body", out _), "a viewer who may not act never gets a message body");
        using var refused = await viewer.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/redrive", """{"all":true}""", header, token));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var cancel = await viewer.SendAsync(DashboardPage.Post("/ops/api/jobs/job-1/cancel", "{}", header, token));
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);

        using var admin = app.CreateClient(user: "ada", roles: "ops-admin");
        var (adminHeader, adminToken, adminHtml) = await DashboardPage.LoadAsync(admin);
        Assert.Equal("true", DashboardPage.Meta(adminHtml, "may-act"));
        var adminListing = JsonDocument.Parse(await admin.GetStringAsync("/ops/api/dead-letters/requests-dlq")).RootElement;
        Assert.Contains("body-0", adminListing.GetProperty("messages")[0].GetProperty("body").GetString());
        using var redrive = await admin.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/redrive", """{"all":true}""", adminHeader, adminToken));
        Assert.Equal(HttpStatusCode.Accepted, redrive.StatusCode);
        await app.Services.GetRequiredService<DeadLetterBrowser>().WhenIdleAsync();
        var state = JsonDocument.Parse(await admin.GetStringAsync("/ops/api/state")).RootElement;
        var operation = state.GetProperty("operations")[0];
        Assert.Equal("ada", operation.GetProperty("actor").GetString());
        Assert.Equal(1, operation.GetProperty("moved").GetInt32());

        // Every action is logged with who did it, and so is every refusal.
        var logs = app.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Message.StartsWith("Dashboard action redrive on " + app.Queues.DeadLetterQueueUrl.Segments[^1], StringComparison.Ordinal) && r.Message.Contains("by ada", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Message.Contains("refused POST /ops/api/dead-letters/requests-dlq/redrive from val", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Message.Contains("refused POST /ops/api/jobs/job-1/cancel from val", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cross_site_tokenless_and_form_encoded_action_requests_are_refused_and_only_the_pages_own_request_acts()
    {
        await using var app = await DashboardApp.StartAsync(Emulator);
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 3, "r");
        using var local = app.CreateClient();
        var (header, token, _) = await DashboardPage.LoadAsync(local);
        const string path = "/ops/api/dead-letters/requests-dlq/redrive";
        const string all = """{"all":true}""";

        using (var evil = await local.SendAsync(DashboardPage.Post(path, all, header, token, origin: "https://evil.example")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
            Assert.Contains("cross_site_request", await evil.Content.ReadAsStringAsync());
        }

        using (var sandboxed = await local.SendAsync(DashboardPage.Post(path, all, header, token, origin: "null")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, sandboxed.StatusCode);
        }

        var crossSite = DashboardPage.Post(path, all, header, token);
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using (var response = await local.SendAsync(crossSite))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var form = await local.SendAsync(DashboardPage.Post(path, "all=true", header, token, contentType: "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        }

        using (var tokenless = await local.SendAsync(DashboardPage.Post(path, all)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
            Assert.Contains("antiforgery_token_invalid", await tokenless.Content.ReadAsStringAsync());
        }

        // Another client (another browser) with a token of its own page but not this cookie.
        using var otherClient = app.CreateClient();
        using (var stolen = await otherClient.SendAsync(DashboardPage.Post(path, all, header, token)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        }

        using (var purge = await local.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/purge", """{"confirm":"not-the-name"}""", header, token)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, purge.StatusCode);
            Assert.Contains("confirmation_mismatch", await purge.Content.ReadAsStringAsync());
        }

        Assert.Equal((3, 0), await app.DepthAsync(app.Queues.DeadLetterQueueUrl));
        using var own = await local.SendAsync(DashboardPage.Post(path, all, header, token, origin: app.BaseUrl.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        await app.Services.GetRequiredService<DeadLetterBrowser>().WhenIdleAsync();
        Assert.Equal(0, (await app.DepthAsync(app.Queues.DeadLetterQueueUrl)).Visible);
    }

    [Fact]
    public async Task The_page_forbids_framing_and_inline_script_and_its_assets_are_served_from_the_assembly()
    {
        await using var app = await DashboardApp.StartAsync(Emulator);
        using var local = app.CreateClient();
        using var page = await local.GetAsync("/ops/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("function el(", await local.GetStringAsync("/ops/assets/dashboard.js"));
        Assert.Contains("--accent", await local.GetStringAsync("/ops/assets/dashboard.css"));
        Assert.Equal(HttpStatusCode.NotFound, (await local.GetAsync("/ops/assets/index.html")).StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html.Replace(app.BaseUrl.ToString(), string.Empty, StringComparison.Ordinal).Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
    }
}
