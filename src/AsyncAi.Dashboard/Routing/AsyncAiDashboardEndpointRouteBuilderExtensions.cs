using AsyncAi.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the AsyncAi operations dashboard. Register its services first with <c>AddAsyncAiDashboard</c>.</summary>
public static class AsyncAiDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard under <paramref name="pattern"/>: the page at <c>{pattern}/</c>, its embedded script and style
    /// sheet, its read API and its live stream (server-sent events), and its actions (list, redrive and purge dead
    /// letters, cancel jobs). With no policy, only local requests may view and act. With <paramref name="viewPolicy"/>,
    /// viewers must satisfy it, and actions need <paramref name="actionPolicy"/> as well (none may act without one).
    /// Every action also needs the page's antiforgery token and a same-origin JSON request, and is logged with who did it;
    /// message bodies and job metadata are shown only to callers who may act.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The path, for example <c>/ops</c>.</param>
    /// <param name="viewPolicy">The authorization policy a viewer needs, or <see langword="null"/> for local requests only.</param>
    /// <param name="actionPolicy">The stricter policy an action needs besides <paramref name="viewPolicy"/>, or <see langword="null"/>.</param>
    /// <returns>The route group, to add rate limits or further metadata to every dashboard endpoint at once.</returns>
    public static RouteGroupBuilder MapAsyncAiDashboard(this IEndpointRouteBuilder endpoints, string pattern, string? viewPolicy = null, string? actionPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (endpoints.ServiceProvider.GetService<DashboardQueues>() is null)
        {
            throw new InvalidOperationException("Call services.AddAsyncAiDashboard() (and AddAsyncAiClient) before MapAsyncAiDashboard.");
        }

        if ((viewPolicy ?? actionPolicy) is not null && endpoints.ServiceProvider.GetService<IAuthorizationService>() is null)
        {
            throw new InvalidOperationException("MapAsyncAiDashboard was given an authorization policy: call services.AddAuthorization() and define it.");
        }

        var prefix = "/" + pattern.Trim('/');
        var dashboard = new DashboardEndpoints(prefix == "/" ? string.Empty : prefix, new DashboardPolicies(viewPolicy, actionPolicy));
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", (Func<HttpContext, Task<IResult>>)dashboard.PageAsync).ExcludeFromDescription();
        group.MapGet("/assets/{name}", DashboardEndpoints.AssetFile).ExcludeFromDescription();
        group.MapGet("/api/state", (Func<HttpContext, Task<IResult>>)dashboard.StateAsync).ExcludeFromDescription();
        group.MapGet("/api/stream", dashboard.StreamAsync).ExcludeFromDescription();
        group.MapGet("/api/jobs", dashboard.JobsAsync).ExcludeFromDescription();
        group.MapGet("/api/jobs/{id}", dashboard.JobAsync).ExcludeFromDescription();
        group.MapPost("/api/jobs/{id}/cancel", dashboard.CancelAsync).ExcludeFromDescription();
        group.MapGet("/api/dead-letters/{key}", dashboard.DeadLettersAsync).ExcludeFromDescription();
        group.MapPost("/api/dead-letters/{key}/scan", dashboard.ScanAsync).ExcludeFromDescription();
        group.MapPost("/api/dead-letters/{key}/redrive", dashboard.RedriveAsync).ExcludeFromDescription();
        group.MapPost("/api/dead-letters/{key}/purge", dashboard.PurgeAsync).ExcludeFromDescription();
        return group;
    }
}
