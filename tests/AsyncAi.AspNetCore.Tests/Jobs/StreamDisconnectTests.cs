using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>
/// A browser that leaves a job's event stream early (a closed tab, a navigation, a dropped network) is ordinary:
/// the server's handler ends with no exception, no warning or error from the endpoints or Kestrel, and one Debug line.
/// </summary>
public sealed class StreamDisconnectTests(FauxqsFixture fauxqs, ITestOutputHelper output) : EmulatorTests(fauxqs)
{
    private static readonly TimeSpan HandlerEnd = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_client_that_leaves_the_event_stream_early_ends_it_quietly_with_one_debug_line()
    {
        using var logs = new CapturedLogs();
        await using var backend = await BackendApp.StartAsync(Emulator, services: logs.AddTo);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using (var response = await http.GetAsync(job.GetProperty("eventsUrl").GetString(), HttpCompletionOption.ResponseHeadersRead, timeout.Token))
        using (var sse = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token)))
        {
            await Events.SendAsync(backend, jobId, JobEventType.Started, owner: "alice");
            Assert.Equal("started", (await sse.ReadEventAsync(timeout.Token))?.Event);
        }

        // Leaving mid-stream: disposing an unread response closes the connection.
        await logs.WaitForRequestFinishedAsync($"/{jobId}/events", HandlerEnd);
        AssertEndedQuietly(logs, jobId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_leaves_the_WebSocket_early_ends_it_quietly_with_one_debug_line(bool closeHandshake)
    {
        using var logs = new CapturedLogs();
        await using var backend = await BackendApp.StartAsync(Emulator, services: logs.AddTo);
        using var http = backend.CreateClient(user: "alice");
        var job = await Api.CreateUploadedAsync(http);
        var jobId = JobId.Parse(job.GetProperty("jobId").GetString()!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await ConnectAsync(backend, job, timeout.Token);

        await Events.SendAsync(backend, jobId, JobEventType.Started, owner: "alice");
        Assert.Equal("started", (await ReceiveAsync(socket, timeout.Token)).GetProperty("state").GetString());

        if (closeHandshake)
        {
            // What a browser does on ws.close(): a close frame, then it waits for the server's, which must come.
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "leaving", timeout.Token);
            Assert.Equal(WebSocketState.Closed, socket.State);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        }
        else
        {
            // No close handshake: the connection just goes, as when a network drops.
            socket.Abort();
        }

        await logs.WaitForRequestFinishedAsync($"/{jobId}/ws", HandlerEnd);
        AssertEndedQuietly(logs, jobId);
    }

    private void AssertEndedQuietly(CapturedLogs logs, JobId jobId)
    {
        var records = logs.Collector.GetSnapshot();
        output.WriteLine(CapturedLogs.Describe(records));
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Warning);
        Assert.DoesNotContain(records, r => r.Exception is not null);
        var ended = records.Where(r => r.Category == "AsyncAi.AspNetCore.Jobs" && r.Level == LogLevel.Debug).ToList();
        var line = Assert.Single(ended);
        Assert.Contains(jobId.Value, line.Message, StringComparison.Ordinal);
        Assert.Contains("the client went away", line.Message, StringComparison.Ordinal);
    }

    private static async Task<ClientWebSocket> ConnectAsync(BackendApp backend, JsonElement job, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(BackendApp.UserHeader, "alice");
        var url = new UriBuilder(new Uri(backend.BaseUrl, job.GetProperty("webSocketUrl").GetString())) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(url, cancellationToken);
        return socket;
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, cancellationToken);
        Assert.True(result.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement;
    }
}
