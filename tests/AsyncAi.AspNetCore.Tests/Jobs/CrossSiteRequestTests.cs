using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>
/// An app that signs users in with a cookie: a page of another site can make the user's browser send the cookie
/// with a form post or open a WebSocket, so the endpoints tell such requests apart by Origin, Sec-Fetch-Site and
/// content type. HttpClient here sends the cookie on every request, as a browser does wherever SameSite does not hold
/// it back (a SameSite=None cookie, a sibling subdomain of the same site, a browser without SameSite defaults).
/// </summary>
public sealed class CrossSiteRequestTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private const string EvilOrigin = "https://evil.example";

    [Fact]
    public async Task A_cross_site_form_post_with_the_users_cookie_cannot_start_or_cancel_a_job()
    {
        await using var backend = await StartWithCookieAuthAsync();
        using var alice = await SignInAsync(backend, "alice");
        var job = await Api.CreateUploadedAsync(alice);
        var id = job.GetProperty("jobId").GetString();

        // Exactly what <form method="post" action="https://app/api/jobs/{id}/start"> on evil.example sends.
        using var start = await alice.SendAsync(CrossSiteFormPost(job.GetProperty("startUrl").GetString()!));
        using var cancel = await alice.SendAsync(CrossSiteFormPost(job.GetProperty("cancelUrl").GetString()!));
        using var create = await alice.SendAsync(CrossSiteFormPost("/api/jobs", "contentType=image%2Fpng&sizeBytes=5"));

        // The same form in a sandboxed frame (or a page opened from a file) sends Origin: null.
        using var sandboxed = CrossSiteFormPost(job.GetProperty("startUrl").GetString()!);
        sandboxed.Headers.Remove("Origin");
        sandboxed.Headers.Add("Origin", "null");
        using var fromSandbox = await alice.SendAsync(sandboxed);

        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal("cross_site_request", (await Api.ProblemAsync(start)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal("cross_site_request", (await Api.ProblemAsync(cancel)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, fromSandbox.StatusCode);

        // Create binds a JSON body, so ASP.NET Core already refuses the form's content type before our check runs.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, create.StatusCode);
        Assert.Empty(await CreateAndStartTests.ReceiveAllAsync(backend));
        await AssertNotCancelledAsync(backend, "alice", id!);
    }

    [Fact]
    public async Task The_sample_pages_own_calls_same_origin_with_json_or_no_body_still_work()
    {
        await using var backend = await StartWithCookieAuthAsync();
        using var alice = await SignInAsync(backend, "alice");
        var ownOrigin = backend.BaseUrl.GetLeftPart(UriPartial.Authority);

        // What app.js's postJson sends from the app's own page: Origin and Sec-Fetch-Site as the browser sets them.
        using var created = await alice.SendAsync(SameOriginJson(ownOrigin, "/api/jobs", """{"contentType":"image/png","sizeBytes":5}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = await created.Content.ReadFromJsonAsync<JsonElement>();
        using (var uploaded = await Api.UploadAsync(alice, job, "image"u8.ToArray()))
        {
            Assert.True(uploaded.IsSuccessStatusCode);
        }

        using var start = await alice.SendAsync(SameOriginJson(ownOrigin, job.GetProperty("startUrl").GetString()!, "{}"));
        using var emptyCancel = new HttpRequestMessage(HttpMethod.Post, job.GetProperty("cancelUrl").GetString());
        emptyCancel.Headers.Add("Origin", ownOrigin);
        emptyCancel.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var cancel = await alice.SendAsync(emptyCancel);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Single(await CreateAndStartTests.ReceiveAllAsync(backend));
    }

    [Fact]
    public async Task A_form_content_type_is_refused_with_415_even_from_the_apps_own_origin_and_a_cross_site_fetch_without_origin_with_403()
    {
        await using var backend = await StartWithCookieAuthAsync();
        using var alice = await SignInAsync(backend, "alice");
        var job = await Api.CreateUploadedAsync(alice);
        var ownOrigin = backend.BaseUrl.GetLeftPart(UriPartial.Authority);

        var refused = new List<HttpResponseMessage>();
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, job.GetProperty("cancelUrl").GetString())
            {
                Content = new StringContent("{}", Encoding.UTF8),
            };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            request.Headers.Add("Origin", ownOrigin);
            refused.Add(await alice.SendAsync(request));
        }

        // An old browser's no-cors fetch with no Origin header still says where it comes from.
        using var noOrigin = new HttpRequestMessage(HttpMethod.Post, job.GetProperty("startUrl").GetString());
        noOrigin.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var crossSite = await alice.SendAsync(noOrigin);

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode));
        Assert.Equal("unsupported_media_type", (await Api.ProblemAsync(refused[0])).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal("cross_site_request", (await Api.ProblemAsync(crossSite)).GetProperty("code").GetString());
        Assert.Empty(await CreateAndStartTests.ReceiveAllAsync(backend));
        refused.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task An_origin_in_AllowedOrigins_may_start_a_job_and_its_equivalent_spelling_is_the_same_origin()
    {
        await using var backend = await StartWithCookieAuthAsync(new() { ["AsyncAi:Endpoints:Jobs:AllowedOrigins:0"] = "https://App.Example:443/" });
        using var alice = await SignInAsync(backend, "alice");
        var job = await Api.CreateUploadedAsync(alice);

        using var start = await alice.SendAsync(SameOriginJson("https://app.example", job.GetProperty("startUrl").GetString()!, "{}", fetchSite: "cross-site"));

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Single(await CreateAndStartTests.ReceiveAllAsync(backend));
    }

    [Fact]
    public async Task A_WebSocket_from_another_sites_page_is_refused_with_403_before_the_upgrade()
    {
        await using var backend = await StartWithCookieAuthAsync();
        var cookies = new CookieContainer();
        using var alice = await SignInAsync(backend, "alice", cookies);
        var job = await Api.CreateUploadedAsync(alice);
        var url = WebSocketUrl(backend, job);

        using var evil = new ClientWebSocket();
        evil.Options.Cookies = cookies;
        evil.Options.SetRequestHeader("Origin", EvilOrigin);
        evil.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => evil.ConnectAsync(url, CancellationToken.None));

        using var plainGet = new HttpRequestMessage(HttpMethod.Get, job.GetProperty("webSocketUrl").GetString());
        plainGet.Headers.Add("Origin", EvilOrigin);
        using var problem = await alice.SendAsync(plainGet);

        Assert.Equal(HttpStatusCode.Forbidden, evil.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, problem.StatusCode);
        Assert.Equal("cross_site_request", (await Api.ProblemAsync(problem)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_WebSocket_from_the_apps_own_page_from_an_allowed_origin_or_without_origin_connects()
    {
        await using var backend = await StartWithCookieAuthAsync(new() { ["AsyncAi:Endpoints:Jobs:AllowedOrigins:0"] = "http://localhost:5173" });
        var cookies = new CookieContainer();
        using var alice = await SignInAsync(backend, "alice", cookies);
        var job = await Api.CreateUploadedAsync(alice);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        foreach (var origin in new[] { backend.BaseUrl.GetLeftPart(UriPartial.Authority), "http://localhost:5173", null })
        {
            using var socket = new ClientWebSocket();
            socket.Options.Cookies = cookies;
            if (origin is not null)
            {
                socket.Options.SetRequestHeader("Origin", origin);
            }

            await socket.ConnectAsync(WebSocketUrl(backend, job), timeout.Token);
            Assert.Equal(WebSocketState.Open, socket.State);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
    }

    [Fact]
    public async Task An_AllowedOrigins_entry_that_is_not_an_origin_stops_the_app_at_start_naming_it()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartWithCookieAuthAsync(new()
        {
            ["AsyncAi:Endpoints:Jobs:AllowedOrigins:0"] = "https://ok.example",
            ["AsyncAi:Endpoints:Jobs:AllowedOrigins:1"] = "https://app.example/path",
            ["AsyncAi:Endpoints:Jobs:AllowedOrigins:2"] = "ftp://files.example",
            ["AsyncAi:Endpoints:Jobs:AllowedOrigins:3"] = "app.example",
        }));

        Assert.DoesNotContain("AllowedOrigins:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Endpoints:Jobs:AllowedOrigins:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Endpoints:Jobs:AllowedOrigins:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Endpoints:Jobs:AllowedOrigins:3", error.Message, StringComparison.Ordinal);
    }

    private Task<BackendApp> StartWithCookieAuthAsync(Dictionary<string, string?>? settings = null) =>
        BackendApp.StartAsync(
            Emulator,
            settings,
            services: s => s.AddAuthorization().AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(),
            map: app =>
            {
                app.MapGet("/login", async (string user, HttpContext http) =>
                {
                    var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], CookieAuthenticationDefaults.AuthenticationScheme);
                    await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                });

                // Only the cookie lets a call in: the jobs are the signed-in user's.
                app.MapAsyncAiJobs("/api/jobs").RequireAuthorization();
            });

    /// <param name="cookies">Where the sign-in cookie lands, to hand to a WebSocket too; a new jar when null.</param>
    private static async Task<HttpClient> SignInAsync(BackendApp backend, string user, CookieContainer? cookies = null)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = backend.BaseUrl };
        using var login = await http.GetAsync($"/login?user={user}");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers, h => h.Key == "Set-Cookie");
        return http;
    }

    private static HttpRequestMessage CrossSiteFormPost(string url, string body = "confirm=yes")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded") };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Add("Origin", EvilOrigin);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Dest", "document");
        return request;
    }

    private static HttpRequestMessage SameOriginJson(string origin, string url, string json, string fetchSite = "same-origin")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Sec-Fetch-Site", fetchSite);
        request.Headers.Add("Sec-Fetch-Mode", "cors");
        return request;
    }

    private static async Task AssertNotCancelledAsync(BackendApp backend, string owner, string id)
    {
        var markers = await backend.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request
        {
            BucketName = backend.Resources.Bucket,
            Prefix = $"jobs/owner={owner}/{id}/{JobStorageLayout.CancelObject}",
        });
        Assert.Empty(markers.S3Objects ?? []);
    }

    private static Uri WebSocketUrl(BackendApp backend, JsonElement job) =>
        new UriBuilder(new Uri(backend.BaseUrl, job.GetProperty("webSocketUrl").GetString())) { Scheme = "ws" }.Uri;
}
