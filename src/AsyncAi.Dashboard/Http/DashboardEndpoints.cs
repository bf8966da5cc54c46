using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Dashboard;

/// <summary>The handlers of one mapped dashboard: the page, its assets, its read API, its stream and its actions.</summary>
internal sealed class DashboardEndpoints(string pattern, DashboardPolicies policies)
{
    private const string LoggerName = "AsyncAi.Dashboard";
    private const int MaxActionBodyBytes = 64 * 1024;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Assets = new(StringComparer.Ordinal);

    private const string AgeNote = "SQS gives the age of the oldest message only through CloudWatch (ApproximateAgeOfOldestMessage), which this dashboard does not read";

    public async Task<IResult> PageAsync(HttpContext http)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!decision.CanView)
        {
            return Refused(http, decision);
        }

        // Every viewer gets a token (a scan is an action on SQS too); whether it may act is decided per request.
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var services = http.RequestServices;
        var html = Asset("index.html")
            .Replace("{{base}}", Encode(Base(http)), StringComparison.Ordinal)
            .Replace("{{token-header}}", Encode(tokens.HeaderName ?? "RequestVerificationToken"), StringComparison.Ordinal)
            .Replace("{{token}}", Encode(tokens.RequestToken ?? string.Empty), StringComparison.Ordinal)
            .Replace("{{may-act}}", decision.CanAct ? "true" : "false", StringComparison.Ordinal)
            .Replace("{{has-store}}", services.GetRequiredService<DashboardJobs>().Store is null ? "false" : "true", StringComparison.Ordinal);
        SecurityHeaders(http);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static IResult AssetFile(HttpContext http, string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => null,
        };
        if (type is null || name.Contains('/', StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Text(Asset(name), type);
    }

    public async Task<IResult> StateAsync(HttpContext http)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        return decision.CanView
            ? Results.Json(State(http.RequestServices, decision), DashboardJsonContext.Default.DashboardState)
            : Refused(http, decision);
    }

    /// <summary>Server-sent events: the whole state on connect and after every change; never a call to SQS.</summary>
    public async Task StreamAsync(HttpContext http)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!decision.CanView)
        {
            await Refused(http, decision).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var services = http.RequestServices;
        var changes = services.GetRequiredService<DashboardChanges>();
        var time = services.GetRequiredService<TimeProvider>();
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var cancellationToken = http.RequestAborted;
        try
        {
            var seen = changes.Version;
            await WriteStateAsync(response, State(services, decision), cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await changes.WaitAsync(seen, KeepAlive, time, cancellationToken).ConfigureAwait(false))
                {
                    seen = changes.Version;
                    await WriteStateAsync(response, State(services, decision), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            var logger = Logger(http);
            Log.StreamEnded(logger);
        }
    }

    public async Task<IResult> JobsAsync(HttpContext http, string? status, string? type, string? owner, bool? retried, string? after)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!decision.CanView)
        {
            return Refused(http, decision);
        }

        if (http.RequestServices.GetRequiredService<DashboardJobs>().Store is not { } store)
        {
            return ActionGuard.Problem(404, "no_job_store", "No queryable job store is configured.");
        }

        JobRecordStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<JobRecordStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ActionGuard.Problem(400, "invalid_status", "Unknown job status.");
            }

            wanted = parsed;
        }

        JobPageCursor? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (!JobPageCursor.TryParse(after, out var parsedCursor))
            {
                return ActionGuard.Problem(400, "invalid_cursor", "The page cursor is not one of ours.");
            }

            cursor = parsedCursor;
        }

        var page = await store.QueryAsync(
            new JobQuery
            {
                Statuses = wanted is { } s ? [s] : null,
                JobType = string.IsNullOrWhiteSpace(type) ? null : type,
                Owner = string.IsNullOrWhiteSpace(owner) ? null : owner,
                MinAttempts = retried == true ? 2 : null,
                Limit = 50,
                After = cursor,
            },
            http.RequestAborted).ConfigureAwait(false);
        return Results.Json(new JobListView([.. page.Items.Select(ToView)], page.Next?.ToString()), DashboardJsonContext.Default.JobListView);
    }

    public async Task<IResult> JobAsync(HttpContext http, string id, string? owner)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!decision.CanView)
        {
            return Refused(http, decision);
        }

        if (http.RequestServices.GetRequiredService<DashboardJobs>().Store is not { } store)
        {
            return ActionGuard.Problem(404, "no_job_store", "No queryable job store is configured.");
        }

        if (!JobId.TryParse(id, out var jobId)
            || await store.FindAsync(jobId, string.IsNullOrEmpty(owner) ? null : owner, http.RequestAborted).ConfigureAwait(false) is not { } record)
        {
            return ActionGuard.Problem(404, "job_not_found", "No such job.");
        }

        return Results.Json(
            new JobDetailView(
                ToView(record),
                [.. record.Outputs.Select(o => o.Name)],
                record.IdempotencyKey,
                record.LastEvent.Type.ToString(),
                decision.CanAct ? JobSecretMetadata.Without(record.Metadata) : null),
            DashboardJsonContext.Default.JobDetailView);
    }

    public async Task<IResult> CancelAsync(HttpContext http, string id, string? owner)
    {
        var logger = Logger(http);
        if (await ActionGuard.CheckAsync(http, policies, logger).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (!JobId.TryParse(id, out var jobId))
        {
            return ActionGuard.Problem(400, "invalid_job_id", "Not a job id.");
        }

        var actor = DashboardAccess.Actor(http);
        await http.RequestServices.GetRequiredService<IJobPublisher>().CancelAsync(jobId, string.IsNullOrEmpty(owner) ? null : owner, http.RequestAborted).ConfigureAwait(false);
        var target = Target(jobId.Value, owner);
        Log.Action(logger, "cancel", target, actor, "cancellation requested");
        return Results.Json(new ActionAnswer("cancel_requested", null), DashboardJsonContext.Default.ActionAnswer, statusCode: 202);
    }

    public async Task<IResult> ScanAsync(HttpContext http, string key)
    {
        // A listing receives every message (and adds one to its receive count): an action, with an action's checks,
        // but open to every viewer who may view, as reading a dead-letter queue is what viewers come for.
        var logger = Logger(http);
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!decision.CanView)
        {
            return Refused(http, decision);
        }

        if (await ActionGuard.CheckAsync(http, policies, logger, viewOnly: true).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (DeadLetterQueue(http, key) is not { } queue)
        {
            return ActionGuard.Problem(404, "queue_not_found", "No such dead-letter queue.");
        }

        var browser = http.RequestServices.GetRequiredService<DeadLetterBrowser>();
        var listing = await browser.ListAsync(queue).ConfigureAwait(false);
        return Results.Json(Listing(queue, listing, browser.IsBusy(queue.Key), decision.CanAct), DashboardJsonContext.Default.DeadLetterListingView);
    }

    public async Task<IResult> DeadLettersAsync(HttpContext http, string key)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!decision.CanView)
        {
            return Refused(http, decision);
        }

        if (DeadLetterQueue(http, key) is not { } queue)
        {
            return ActionGuard.Problem(404, "queue_not_found", "No such dead-letter queue.");
        }

        var browser = http.RequestServices.GetRequiredService<DeadLetterBrowser>();
        return Results.Json(Listing(queue, browser.Latest(key), browser.IsBusy(key), decision.CanAct), DashboardJsonContext.Default.DeadLetterListingView);
    }

    public async Task<IResult> RedriveAsync(HttpContext http, string key)
    {
        var logger = Logger(http);
        if (await ActionGuard.CheckAsync(http, policies, logger).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var body = await ReadAsync(http, DashboardJsonContext.Default.RedriveRequest).ConfigureAwait(false);
        if (body is null || (!body.All && body.MessageIds is not { Count: > 0 }))
        {
            return ActionGuard.Problem(400, "invalid_request", "Send {\"all\": true} or {\"messageIds\": [...]}.");
        }

        var queues = http.RequestServices.GetRequiredService<DashboardQueues>();
        if (DeadLetterQueue(http, key) is not { } queue || queues.Find(queue.SourceKey!) is not { } source)
        {
            return ActionGuard.Problem(404, "queue_not_found", "No such dead-letter queue, or its source queue is unknown.");
        }

        var actor = DashboardAccess.Actor(http);
        var ids = body.All ? null : body.MessageIds!.Distinct(StringComparer.Ordinal).Take(10_000).ToArray();
        var operation = http.RequestServices.GetRequiredService<DeadLetterBrowser>().StartRedrive(queue, source, ids, actor);
        if (operation is null)
        {
            return ActionGuard.Problem(409, "operation_running", "A redrive or purge of this queue is running.");
        }

        var what = ids is null ? "all messages, to " + source.Name : $"{ids.Length} message(s), to {source.Name}";
        Log.Action(logger, "redrive", queue.Name, actor, what);
        return Results.Json(new ActionAnswer("redrive_started", operation.Id), DashboardJsonContext.Default.ActionAnswer, statusCode: 202);
    }

    public async Task<IResult> PurgeAsync(HttpContext http, string key)
    {
        var logger = Logger(http);
        if (await ActionGuard.CheckAsync(http, policies, logger).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (DeadLetterQueue(http, key) is not { } queue)
        {
            return ActionGuard.Problem(404, "queue_not_found", "No such dead-letter queue.");
        }

        var body = await ReadAsync(http, DashboardJsonContext.Default.PurgeRequest).ConfigureAwait(false);
        var actor = DashboardAccess.Actor(http);
        if (!string.Equals(body?.Confirm, queue.Name, StringComparison.Ordinal))
        {
            Log.Action(logger, "purge", queue.Name, actor, "refused: the confirmation did not match the queue's name");
            return ActionGuard.Problem(400, "confirmation_mismatch", "Type the queue's name to confirm the purge.");
        }

        var operation = await http.RequestServices.GetRequiredService<DeadLetterBrowser>().PurgeAsync(queue, actor, http.RequestAborted).ConfigureAwait(false);
        if (operation is null)
        {
            return ActionGuard.Problem(409, "operation_running", "A redrive of this queue is running.");
        }

        var outcome = operation.State == "done" ? "purged" : "failed: " + operation.Error;
        Log.Action(logger, "purge", queue.Name, actor, outcome);
        return operation.State == "done"
            ? Results.Json(new ActionAnswer("purged", operation.Id), DashboardJsonContext.Default.ActionAnswer)
            : ActionGuard.Problem(409, "purge_failed", operation.Error ?? "SQS refused the purge.");
    }

    private string Base(HttpContext http) => http.Request.PathBase.Value + pattern;

    private static DashboardQueue? DeadLetterQueue(HttpContext http, string key) =>
        http.RequestServices.GetRequiredService<DashboardQueues>().Find(key) is { IsDeadLetterQueue: true } queue ? queue : null;

    private static DashboardState State(IServiceProvider services, DashboardDecision decision)
    {
        var queues = services.GetRequiredService<DashboardQueues>();
        var browser = services.GetRequiredService<DeadLetterBrowser>();
        var options = services.GetRequiredService<IOptions<AsyncAiDashboardOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return new DashboardState(
            now,
            options.SampleInterval.TotalSeconds,
            decision.CanAct,
            services.GetRequiredService<DashboardJobs>().Store is not null,
            [.. queues.All.Select(q => ToView(q, browser.Latest(q.Key), now))],
            [.. browser.Operations().Select(o => new OperationView(o.Id, o.Kind, o.QueueKey, o.Actor, o.Requested, o.Moved, o.Failed, o.Method, o.State, o.StartedAt, o.FinishedAt, o.Error))]);
    }

    private static QueueView ToView(DashboardQueue queue, DeadLetterListing? listing, DateTimeOffset now)
    {
        var history = queue.History();
        var latest = queue.Latest;
        double? age = null;
        var note = AgeNote;
        if (queue.IsDeadLetterQueue)
        {
            note = "from the latest listing";
            if (listing is { Messages: [var oldest, ..] } && oldest.DeadLetteredAt is { } at)
            {
                age = Math.Max(0, (now - at).TotalSeconds);
            }
        }

        return new QueueView(
            queue.Key, queue.Title, queue.Name, queue.IsDeadLetterQueue, latest?.Visible, latest?.InFlight, latest?.Delayed, latest?.At, queue.Error, age, note,
            [.. history.Select(s => s.Visible)], [.. history.Select(s => s.InFlight)]);
    }

    private static DeadLetterListingView Listing(DashboardQueue queue, DeadLetterListing? listing, bool busy, bool canAct) => new(
        queue.Key,
        queue.Name,
        listing?.TakenAt,
        listing?.Complete ?? false,
        busy,
        canAct,
        [.. (listing?.Messages ?? []).Select(m => new DeadLetterView(m.MessageId, m.JobId, m.JobType, m.Owner, m.Reason, m.ReceiveCount, m.DeadLetteredAt, m.FirstSeen, canAct ? m.Body : null))]);

    private static JobView ToView(JobRecord r) => new(
        r.JobId.Value, r.Owner, r.JobType, r.Status.ToString(), r.Attempts, r.CreatedAt, r.StartedAt, r.FinishedAt,
        r.QueueTime?.TotalSeconds, r.RunTime?.TotalSeconds, r.WorkerId, r.Error?.Code, r.Error?.Message);

    private static async Task<T?> ReadAsync<T>(HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (http.Request.ContentLength is > MaxActionBodyBytes)
        {
            return null;
        }

        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            return buffer.Length is 0 or > MaxActionBodyBytes ? null : JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteStateAsync(HttpResponse response, DashboardState state, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, DashboardJsonContext.Default.DashboardState);
        await response.WriteAsync("event: state\ndata: " + json + "\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private IResult Refused(HttpContext http, DashboardDecision decision)
    {
        Log.Refused(Logger(http), http.Request.Method, http.Request.Path.Value, DashboardAccess.Actor(http), policies.View is null ? "not a local request" : "view policy not satisfied");
        return decision.Authenticated || policies.View is null
            ? ActionGuard.Problem(403, policies.View is null ? "local_requests_only" : "forbidden", policies.View is null ? "The dashboard answers local requests only." : "This caller may not view the dashboard.")
            : ActionGuard.Problem(401, "sign_in_required", "Sign in to view the dashboard.");
    }

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);

    private static string Target(string jobId, string? owner) => owner is null ? "job " + jobId : $"job {jobId} of {owner}";

    private static void SecurityHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Asset(string name) => Assets.GetOrAdd(name, Read);

    private static string Read(string name)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("AsyncAi.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException("The dashboard asset " + name + " is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
