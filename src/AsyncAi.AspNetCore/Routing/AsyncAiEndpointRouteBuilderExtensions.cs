using AsyncAi.AspNetCore;
using AsyncAi.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the backend role's endpoints. Register the services first with <c>AddAsyncAiEndpoints</c>.</summary>
public static class AsyncAiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the job API under <paramref name="pattern"/>: <c>GET /limits</c> tells the largest file and the types
    /// accepted; <c>POST /</c> creates a job and answers a presigned POST bounded by size and type; <c>GET /</c>
    /// lists the caller's own jobs, newest first, a page at a time (filters <c>status</c>, <c>type</c>; needs a
    /// queryable <see cref="AsyncAi.IJobStore"/>: the default in-memory one or a database's);
    /// <c>POST /{id}/start</c> publishes it once its input is uploaded; <c>GET /{id}</c> reads it;
    /// <c>POST /{id}/cancel</c> cancels it; <c>GET /{id}/events</c> follows it as server-sent events (resumable with
    /// <c>Last-Event-ID</c>, with keep-alive comments, ending after the terminal event); <c>GET /{id}/ws</c> is the
    /// same over a WebSocket (call <c>app.UseWebSockets()</c> first). Every call goes through the
    /// <see cref="IJobAccessPolicy"/>, with the owner taken from the user; errors are problem documents.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route prefix, for example <c>/api/jobs</c>.</param>
    /// <returns>The route group, to add authorization policies, rate limits or CORS to all of them at once.</returns>
    public static RouteGroupBuilder MapAsyncAiJobs(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireServices(endpoints);
        var jobs = endpoints.ServiceProvider.GetRequiredService<IOptions<AsyncAiEndpointsOptions>>().Value.Jobs;
        if (string.IsNullOrWhiteSpace(jobs.JobType) || jobs.AllowedContentTypes.Count == 0)
        {
            throw new InvalidOperationException(
                $"MapAsyncAiJobs needs {AsyncAiEndpointsOptions.DefaultSectionName}:Jobs:JobType and at least one {AsyncAiEndpointsOptions.DefaultSectionName}:Jobs:AllowedContentTypes entry.");
        }

        var group = endpoints.MapGroup(pattern);
        group.MapGet("/limits", JobEndpoints.Limits).WithName("AsyncAiUploadLimits");
        group.MapPost("/", JobEndpoints.CreateAsync).WithName("AsyncAiCreateJob");
        group.MapGet("/", JobListEndpoint.ListAsync).WithName("AsyncAiListJobs");
        group.MapPost("/{id}/start", JobEndpoints.StartAsync).WithName("AsyncAiStartJob");
        group.MapGet("/{id}", JobEndpoints.GetAsync).WithName("AsyncAiGetJob");
        group.MapPost("/{id}/cancel", JobEndpoints.CancelAsync).WithName("AsyncAiCancelJob");
        group.MapGet("/{id}/events", JobEndpoints.EventsAsync).WithName("AsyncAiJobEvents");
        group.MapGet("/{id}/ws", JobEndpoints.WebSocketAsync).WithName("AsyncAiJobWebSocket");
        return group;
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c>, the receiver of signed webhooks from workers that report without a response
    /// queue (<c>AsyncAi:Worker:Webhook</c>). Needs <c>AsyncAi:Endpoints:Webhooks:Secrets</c>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route, for example <c>/webhooks/asyncai</c>.</param>
    public static RouteHandlerBuilder MapAsyncAiWebhooks(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireServices(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<AsyncAiEndpointsOptions>>().Value.Webhooks.Secrets.Count == 0)
        {
            throw new InvalidOperationException($"MapAsyncAiWebhooks needs at least one {AsyncAiEndpointsOptions.DefaultSectionName}:Webhooks:Secrets entry.");
        }

        return endpoints.MapPost(pattern, WebhookEndpoint.ReceiveAsync).WithName("AsyncAiWebhooks").DisableAntiforgery();
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c>, where workers outside AWS get presigned PUT URLs for their job's outputs. Needs
    /// <c>AsyncAi:Client:WorkerUploads:SigningKey</c> (per-job credentials, which <c>MapAsyncAiJobs</c> then puts
    /// into every job it starts) or, as an opt-in, <c>AsyncAi:Client:WorkerUploads:Token</c>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route, for example <c>/worker/upload-urls</c>.</param>
    public static RouteHandlerBuilder MapAsyncAiWorkerUploads(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireServices(endpoints);

        // Resolving it now turns a missing setting into a start-up error that names it.
        _ = endpoints.ServiceProvider.GetRequiredService<WorkerUploadUrlIssuer>();
        return endpoints.MapPost(pattern, WorkerUploadEndpoint.IssueAsync).WithName("AsyncAiWorkerUploads").DisableAntiforgery();
    }

    private static void RequireServices(IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<JobEventStream>() is null)
        {
            throw new InvalidOperationException("Call builder.Services.AddAsyncAiEndpoints(...) (after AddAsyncAiClient) before mapping AsyncAi endpoints.");
        }
    }
}
