using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using AsyncAi.Client;
using AsyncAi.Uploads;
using AsyncAi.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>The handlers behind <c>MapAsyncAiJobs</c>: create, start, get, cancel, events (SSE) and WebSocket.</summary>
internal static class JobEndpoints
{
    private const string LoggerName = "AsyncAi.AspNetCore.Jobs";
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    public static Ok<UploadLimits> Limits(IOptions<AsyncAiEndpointsOptions> options) =>
        TypedResults.Ok(new UploadLimits(options.Value.Jobs.MaxInputBytes, [.. options.Value.Jobs.AllowedContentTypes]));

    public static async Task<Results<Created<CreatedJob>, ProblemHttpResult>> CreateAsync(
        CreateJobRequest? request, HttpContext http, IInputUploads uploads, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options, ILoggerFactory loggers)
    {
        var jobs = options.Value.Jobs;
        if (CrossSiteRequestRule.CheckStateChange(http, jobs, loggers) is { } crossSite)
        {
            return crossSite;
        }

        var (caller, refused) = JobCaller.ForCreate(http, jobs);
        if (caller is null)
        {
            return refused!;
        }

        var owner = caller.Owner;
        if (!await policy.IsAllowedAsync(new JobAccessRequest(http, JobOperation.Create, null, owner), http.RequestAborted).ConfigureAwait(false))
        {
            return Problems.Forbidden();
        }

        if (request?.ContentType is not { } contentType || !jobs.AllowedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "unsupported_type", $"This kind of file cannot be used here; choose one of: {Describe(jobs.AllowedContentTypes)}.");
        }

        if (request.SizeBytes is not { } size || size <= 0)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "empty_file", "The file is empty.");
        }

        if (size > jobs.MaxInputBytes)
        {
            return Problems.Of(StatusCodes.Status413RequestEntityTooLarge, "file_too_large", $"The file is {Bytes.Format(size)}; the largest allowed is {Bytes.Format(jobs.MaxInputBytes)}.");
        }

        // The allowed type as configured, not as sent: the policy then pins one canonical spelling.
        contentType = jobs.AllowedContentTypes.First(t => string.Equals(t, contentType, StringComparison.OrdinalIgnoreCase));
        var jobId = uploads.NewJobId();
        var upload = await uploads.CreatePresignedPostAsync(
            new InputUploadRequest(jobId, jobs.InputName, contentType) { Owner = owner, MaxBytes = jobs.MaxInputBytes, ExpiresIn = jobs.UploadExpiry },
            http.RequestAborted).ConfigureAwait(false);
        Log.JobCreated(loggers.CreateLogger(LoggerName), jobId, owner);

        var self = Combine(http.Request.PathBase + http.Request.Path, jobId.Value);

        // An anonymous job's URLs carry its key, so that EventSource and WebSocket (which send no headers) work too.
        var access = caller.NewAccessKey is { } key ? $"?{AnonymousJobAccess.QueryName}={Uri.EscapeDataString(key)}" : string.Empty;
        return TypedResults.Created(self + access, new CreatedJob(
            jobId.Value,
            new UploadForm(upload.Url, upload.Method, upload.Fields, jobs.MaxInputBytes, upload.ExpiresAt),
            self + "/start" + access,
            self + access,
            self + "/events" + access,
            self + "/ws" + access,
            self + "/cancel" + access)
        {
            AccessKey = caller.NewAccessKey,
        });
    }

    public static async Task<Results<Accepted<JobView>, ProblemHttpResult>> StartAsync(
        string id, HttpContext http, IInputUploads uploads, IJobPublisher publisher, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options,
        IOptions<AsyncAiClientOptions> client, IServiceProvider services, ILoggerFactory loggers)
    {
        var jobs = options.Value.Jobs;
        if (CrossSiteRequestRule.CheckStateChange(http, jobs, loggers) is { } crossSite)
        {
            return crossSite;
        }

        var (problem, jobId, owner, input) = await AuthorizeAsync(id, JobOperation.Start, http, uploads, policy, jobs).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (input is null)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "input_missing", "The file has not been uploaded yet; upload it, then start the job.");
        }

        // S3 already enforced both through the POST policy; checked again so that a change of settings or an
        // object put there another way cannot slip past.
        if (input.SizeBytes > jobs.MaxInputBytes)
        {
            return Problems.Of(StatusCodes.Status413RequestEntityTooLarge, "file_too_large", $"The file is {Bytes.Format(input.SizeBytes)}; the largest allowed is {Bytes.Format(jobs.MaxInputBytes)}.");
        }

        var metadata = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(client.Value.WorkerUploads.SigningKey))
        {
            // Workers outside AWS present this credential for this job's upload URLs, and nothing else.
            metadata[OutputUploadCredential.MetadataKey] = services.GetRequiredService<WorkerUploadUrlIssuer>().CreateJobCredential(jobId, owner);
        }

        if (options.Value.Webhooks.Secrets is [var webhookKey, ..])
        {
            // A worker that reports by webhook signs this job's events with this job's secret, and no other job's.
            metadata[JobWebhookSecret.MetadataKey] = JobWebhookSecret.Derive(webhookKey, jobId, owner);
        }

        await publisher.PublishAsync(
            new JobRequest(jobs.JobType!)
            {
                JobId = jobId,
                Owner = owner,
                Inputs = new Dictionary<string, ObjectReference> { [jobs.InputName] = input.Location },
                Metadata = metadata,

                // A second click on "start" publishes nothing new.
                IdempotencyKey = jobId.Value,
            },
            http.RequestAborted).ConfigureAwait(false);
        Log.JobStarted(loggers.CreateLogger(LoggerName), jobId);
        var path = (http.Request.PathBase + http.Request.Path).Value!;
        return TypedResults.Accepted(path[..path.LastIndexOf('/')], JobViewFactory.Queued(jobId));
    }

    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, IInputUploads uploads, IJobStatusStore status, JobViewFactory views, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options)
    {
        var (problem, jobId, owner, _) = await AuthorizeAsync(id, JobOperation.Read, http, uploads, policy, options.Value.Jobs).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var record = await status.GetAsync(jobId, owner, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(record is null ? JobViewFactory.Created(jobId) : await views.FromEventAsync(jobId, owner, record.LastEvent, http.RequestAborted).ConfigureAwait(false));
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(
        string id, HttpContext http, IInputUploads uploads, IJobPublisher publisher, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options, ILoggerFactory loggers)
    {
        if (CrossSiteRequestRule.CheckStateChange(http, options.Value.Jobs, loggers) is { } crossSite)
        {
            return crossSite;
        }

        var (problem, jobId, owner, _) = await AuthorizeAsync(id, JobOperation.Cancel, http, uploads, policy, options.Value.Jobs).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        await publisher.CancelAsync(jobId, owner, http.RequestAborted).ConfigureAwait(false);
        Log.JobCancelRequested(loggers.CreateLogger(LoggerName), jobId);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task EventsAsync(
        string id, HttpContext http, IInputUploads uploads, JobEventStream stream, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options, ILoggerFactory loggers)
    {
        var jobs = options.Value.Jobs;
        var (problem, jobId, owner, _) = await AuthorizeAsync(id, JobOperation.Watch, http, uploads, policy, jobs).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        EventCursor? after = EventCursor.TryParse(http.Request.Headers["Last-Event-ID"], out var cursor) ? cursor : null;
        if (after is { Stage: 3 })
        {
            // The browser already has the terminal event; 204 is how SSE tells EventSource to stop reconnecting.
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var token = http.RequestAborted;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            await foreach (var item in stream.ReadAsync(jobId, owner, after, jobs.KeepAliveInterval, token).ConfigureAwait(false))
            {
                var text = item.View is null
                    ? ": keep-alive\n\n"
                    : $"id: {item.Cursor}\nevent: {item.View.State}\ndata: {JsonSerializer.Serialize(item.View, JobsJsonContext.Default.JobView)}\n\n";
                await response.WriteAsync(text, token).ConfigureAwait(false);
                await response.Body.FlushAsync(token).ConfigureAwait(false);
            }

            Log.StreamEnded(loggers.CreateLogger(LoggerName), jobId, "terminal event sent");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Log.StreamEnded(loggers.CreateLogger(LoggerName), jobId, "the client went away");
        }
    }

    public static async Task WebSocketAsync(
        string id, HttpContext http, IInputUploads uploads, JobEventStream stream, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options, ILoggerFactory loggers)
    {
        var jobs = options.Value.Jobs;
        if (CrossSiteRequestRule.CheckWebSocket(http, jobs, loggers) is { } crossSite)
        {
            await crossSite.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var (problem, jobId, owner, _) = await AuthorizeAsync(id, JobOperation.Watch, http, uploads, policy, jobs).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Problems.Of(StatusCodes.Status400BadRequest, "websocket_required", "Open this URL as a WebSocket (the events URL serves server-sent events).").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);

        // The client sends nothing; reading is how a close from its side (or a dropped connection) is noticed.
        var reader = DrainAsync(socket, closed);
        var reason = "the client went away";
        try
        {
            await foreach (var item in stream.ReadAsync(jobId, owner, after: null, jobs.KeepAliveInterval, closed.Token).ConfigureAwait(false))
            {
                if (item.View is not null)
                {
                    var bytes = JsonSerializer.SerializeToUtf8Bytes(item.View, JobsJsonContext.Default.JobView);
                    await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, closed.Token).ConfigureAwait(false);
                }
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "job finished", closed.Token).ConfigureAwait(false);
            reason = "terminal event sent";

            // Wait (briefly) for the client's answering close: cancelling the pending read aborts the connection,
            // and an abort can throw away the last message before the client has read it.
            await reader.WaitAsync(CloseHandshakeTimeout, closed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client closed or dropped the socket, or did not answer our close in time: nothing more to send.
        }

        await closed.CancelAsync().ConfigureAwait(false);
        await reader.ConfigureAwait(false);
        await AnswerCloseAsync(socket).ConfigureAwait(false);
        Log.StreamEnded(loggers.CreateLogger(LoggerName), jobId, reason);
    }

    /// <summary>
    /// Completes a close the client started (a browser's <c>ws.close()</c>): without the answering close frame the
    /// client sees the connection end "without completing the close handshake" and reports an error.
    /// </summary>
    private static async Task AnswerCloseAsync(WebSocket socket)
    {
        if (socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The connection went before the answer did; there is no one left to tell.
        }
    }

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The socket is gone either way.
        }

        await closed.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The checks every call on an existing job makes, in order: a job id, a caller with an owner (a signed-in user,
    /// or an anonymous job's key where allowed: 401 otherwise), the application's policy, and the job's input under
    /// the caller's owner (which is how a job of another owner answers 404, never its data).
    /// </summary>
    private static async Task<(ProblemHttpResult? Problem, JobId JobId, string? Owner, UploadedInput? Input)> AuthorizeAsync(
        string id, JobOperation operation, HttpContext http, IInputUploads uploads, IJobAccessPolicy policy, JobEndpointsOptions jobs)
    {
        if (!JobId.TryParse(id, out var jobId))
        {
            return (Problems.NotAJobId(), default, null, null);
        }

        var (caller, refused) = JobCaller.ForExisting(http, jobs);
        if (caller is null)
        {
            return (refused, jobId, null, null);
        }

        var owner = caller.Owner;
        if (!await policy.IsAllowedAsync(new JobAccessRequest(http, operation, jobId, owner), http.RequestAborted).ConfigureAwait(false))
        {
            return (Problems.Forbidden(), jobId, owner, null);
        }

        var input = await uploads.FindAsync(new InputUploadRequest(jobId, jobs.InputName, "application/octet-stream") { Owner = owner }, http.RequestAborted).ConfigureAwait(false);
        if (input is null && operation != JobOperation.Start)
        {
            return (Problems.NotFound(), jobId, owner, null);
        }

        return (null, jobId, owner, input);
    }

    private static string Combine(string basePath, string segment) => basePath.TrimEnd('/') + "/" + segment;

    private static string Describe(IList<string> types) => string.Join(", ", types.Select(t => t[(t.IndexOf('/', StringComparison.Ordinal) + 1)..].ToUpperInvariant()));
}

/// <summary>File sizes as people read them.</summary>
internal static class Bytes
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };
}
