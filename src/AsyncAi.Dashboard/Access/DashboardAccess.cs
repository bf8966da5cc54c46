using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Dashboard;

/// <summary>The authorization policies a dashboard was mapped with; both unset means local requests only.</summary>
/// <param name="View">The policy a viewer must satisfy, or <see langword="null"/> for local requests only.</param>
/// <param name="Act">The stricter policy an action needs besides <paramref name="View"/>, or <see langword="null"/>.</param>
internal sealed record DashboardPolicies(string? View, string? Act);

/// <summary>What a caller may do with the dashboard.</summary>
/// <param name="CanView">Whether it may read the page and its data (no message bodies).</param>
/// <param name="CanAct">Whether it may redrive, purge, cancel and read message bodies.</param>
/// <param name="Authenticated">Whether the caller is signed in (a refusal is then 403, else 401).</param>
internal sealed record DashboardDecision(bool CanView, bool CanAct, bool Authenticated);

/// <summary>
/// Decides who may view and who may act. With no policy, like Hangfire's LocalRequestsOnlyAuthorizationFilter, only a
/// request from this machine (a loopback address, or the server's own address) may view and act: behind a reverse
/// proxy every request may look local, so map the dashboard with policies there. With a view policy, local requests
/// are nothing special; actions then need the action policy too, and without one nobody may act.
/// </summary>
internal static class DashboardAccess
{
    public static async Task<DashboardDecision> DecideAsync(HttpContext http, DashboardPolicies policies)
    {
        var authenticated = http.User.Identity?.IsAuthenticated == true;
        var canView = policies.View is null ? IsLocal(http.Connection) : await AuthorizeAsync(http, policies.View).ConfigureAwait(false);
        var canAct = canView && (policies.Act is null
            ? policies.View is null
            : await AuthorizeAsync(http, policies.Act).ConfigureAwait(false));
        return new DashboardDecision(canView, canAct, authenticated);
    }

    /// <summary>Who is asking, for the log line of an action.</summary>
    public static string Actor(HttpContext http)
    {
        var user = http.User;
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        return name ?? $"an anonymous caller at {http.Connection.RemoteIpAddress?.ToString() ?? "(unknown address)"}";
    }

    internal static bool IsLocal(ConnectionInfo connection)
    {
        var remote = connection.RemoteIpAddress;
        return remote is not null && (IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress));
    }

    private static async Task<bool> AuthorizeAsync(HttpContext http, string policy)
    {
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, policy).ConfigureAwait(false)).Succeeded;
    }
}
