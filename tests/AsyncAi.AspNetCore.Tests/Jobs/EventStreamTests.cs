namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>The job's events over real HTTP: server-sent events as EventSource reads them, and the WebSocket variant.</summary>
public sealed class EventStreamTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private static readonly Dictionary<string, string?> FastKeepAlive = new() { ["AsyncAi:Endpoints:Jobs:KeepAliveInterval"] = "00:00:01" };

    [Fact]
    public async Task Events_stream_each_state_with_an_id_and_end_after_the_terminal_event()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await http.GetAsync(job.GetProperty("eventsUrl").GetString(), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("2000", (await sse.ReadAsync(timeout.Token))?.Retry);

        await Events.SendAsync(backend, jobId, JobEventType.Started, owner: "alice");
        var started = await sse.ReadEventAsync(timeout.Token);
        await Events.SendAsync(backend, jobId, JobEventType.Progress, 0.5, owner: "alice");
        var progress = await sse.ReadEventAsync(timeout.Token);
        await Events.SendAsync(backend, jobId, JobEventType.Succeeded, completion: Events.Succeeded(jobId, backend, "alice"), owner: "alice");
        var succeeded = await sse.ReadEventAsync(timeout.Token);

        Assert.Equal("started", started?.Event);
        Assert.Equal("progress", progress?.Event);
        Assert.Equal(0.5, JsonDocument.Parse(progress!.Data!).RootElement.GetProperty("progress").GetDouble());
        Assert.Equal("succeeded", succeeded?.Event);
        Assert.All(new[] { started, progress, succeeded }, f => Assert.False(string.IsNullOrEmpty(f!.Id)));
        var view = JsonDocument.Parse(succeeded!.Data!).RootElement;
        Assert.True(view.GetProperty("isFinished").GetBoolean());
        var output = Assert.Single(view.GetProperty("outputs").EnumerateArray());
        Assert.Equal("result.txt", output.GetProperty("name").GetString());
        Assert.Contains("X-Amz-Signature=", output.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Null(await sse.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task An_event_for_the_same_job_id_without_the_users_owner_never_reaches_the_users_status_or_stream()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync(job.GetProperty("eventsUrl").GetString(), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("2000", (await sse.ReadAsync(timeout.Token))?.Retry);

        // The same id, finished as a job without owner and as Mallory's: neither is Alice's job.
        await Events.SendAsync(backend, jobId, JobEventType.Succeeded, completion: Events.Succeeded(jobId, backend));
        await Events.SendAsync(backend, jobId, JobEventType.Succeeded, completion: Events.Succeeded(jobId, backend, "mallory"), owner: "mallory");
        await Events.SendAsync(backend, jobId, JobEventType.Progress, 0.5, owner: "alice");
        var first = await sse.ReadEventAsync(timeout.Token);
        var status = JsonDocument.Parse(await http.GetStringAsync(job.GetProperty("statusUrl").GetString(), timeout.Token)).RootElement;

        Assert.Equal("progress", first?.Event);
        Assert.Equal("progress", status.GetProperty("state").GetString());
        Assert.False(status.GetProperty("isFinished").GetBoolean());
    }

    [Fact]
    public async Task A_quiet_stream_sends_keep_alive_comments()
    {
        await using var backend = await BackendApp.StartAsync(Emulator, FastKeepAlive);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await http.GetAsync(job.GetProperty("eventsUrl").GetString(), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var comments = 0;
        while (comments < 2 && await sse.ReadAsync(timeout.Token) is { } frame)
        {
            Assert.Null(frame.Event);
            comments += frame.Comment == "keep-alive" ? 1 : 0;
        }

        Assert.Equal(2, comments);
    }

    [Fact]
    public async Task A_reconnect_with_Last_Event_ID_gets_only_the_events_after_it_and_after_the_terminal_one_204()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        var eventsUrl = job.GetProperty("eventsUrl").GetString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await Events.SendAsync(backend, jobId, JobEventType.Started, owner: "alice");
        await Events.SendAsync(backend, jobId, JobEventType.Progress, 0.25, owner: "alice");
        string progressId;
        using (var first = await http.GetAsync(eventsUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        using (var sse = new SseReader(await first.Content.ReadAsStreamAsync(timeout.Token)))
        {
            // The stream starts with the latest state: the progress event. Then the connection drops.
            var latest = await sse.ReadEventAsync(timeout.Token);
            Assert.Equal("progress", latest?.Event);
            progressId = latest!.Id!;
        }

        await Events.SendAsync(backend, jobId, JobEventType.Succeeded, completion: Events.Succeeded(jobId, backend, "alice"), owner: "alice");
        using var resumed = new HttpRequestMessage(HttpMethod.Get, eventsUrl);
        resumed.Headers.Add("Last-Event-ID", progressId);
        using var second = await http.SendAsync(resumed, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var resumedSse = new SseReader(await second.Content.ReadAsStreamAsync(timeout.Token));
        var next = await resumedSse.ReadEventAsync(timeout.Token);
        Assert.Equal("succeeded", next?.Event);
        Assert.Null(await resumedSse.ReadEventAsync(timeout.Token));

        // Replayed from an id at the terminal event: nothing is left, and 204 tells EventSource to stop reconnecting.
        using var afterEnd = new HttpRequestMessage(HttpMethod.Get, eventsUrl);
        afterEnd.Headers.Add("Last-Event-ID", next!.Id);
        using var third = await http.SendAsync(afterEnd, timeout.Token);
        Assert.Equal(HttpStatusCode.NoContent, third.StatusCode);

        // And a reconnect at the same progress id while the job still ran would not repeat the progress event.
        using var repeated = new HttpRequestMessage(HttpMethod.Get, eventsUrl);
        repeated.Headers.Add("Last-Event-ID", progressId);
        using var fourth = await http.SendAsync(repeated, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var fourthSse = new SseReader(await fourth.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("succeeded", (await fourthSse.ReadEventAsync(timeout.Token))?.Event);
    }

    [Fact]
    public async Task A_failed_job_carries_its_error_once_and_no_outputs()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);

        await Events.SendAsync(backend, jobId, JobEventType.Failed, completion: new JobCompletion
        {
            JobId = jobId,
            JobType = "echo",
            Status = JobStatus.Failed,
            Error = new JobError(JobErrorCodes.InvalidInput, "The image could not be decoded."),
        }, owner: "alice");
        var view = await http.GetFromJsonAsync<JsonElement>(job.GetProperty("statusUrl").GetString());

        Assert.Equal("failed", view.GetProperty("state").GetString());
        Assert.Equal("invalid_input", view.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("The image could not be decoded.", view.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("message").ValueKind);
        Assert.Empty(view.GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public async Task The_WebSocket_sends_each_view_as_a_text_message_and_closes_normally_after_the_terminal_one()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(BackendApp.UserHeader, "alice");

        await socket.ConnectAsync(WebSocketUrl(backend, job), timeout.Token);
        await Events.SendAsync(backend, jobId, JobEventType.Started, owner: "alice");
        var started = await ReceiveAsync(socket, timeout.Token);
        await Events.SendAsync(backend, jobId, JobEventType.Succeeded, completion: Events.Succeeded(jobId, backend, "alice"), owner: "alice");
        var succeeded = await ReceiveAsync(socket, timeout.Token);
        var close = await socket.ReceiveAsync(new byte[16], timeout.Token);

        Assert.Equal("started", started.GetProperty("state").GetString());
        Assert.Equal("succeeded", succeeded.GetProperty("state").GetString());
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task The_WebSocket_of_another_owners_job_is_refused_before_the_upgrade()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var alice = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(alice);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(BackendApp.UserHeader, "mallory");
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUrl(backend, job), CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
    }

    private static Uri WebSocketUrl(BackendApp backend, JsonElement job) =>
        new UriBuilder(new Uri(backend.BaseUrl, job.GetProperty("webSocketUrl").GetString())) { Scheme = "ws" }.Uri;

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var total = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, total, buffer.Length - total), cancellationToken);
            total += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, total)).RootElement;
    }
}
