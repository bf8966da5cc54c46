using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AsyncAi.Dashboard;

/// <summary>
/// What every dashboard action must pass before it runs, in this order: the caller may act (401/403); the request
/// comes from the dashboard's own origin (403 <c>cross_site_request</c>: an Origin of another site, or
/// <c>Sec-Fetch-Site: cross-site</c>); its body, if any, is JSON (415: what an HTML form of another site can send is
/// refused); and it carries the antiforgery token of the page (400 <c>antiforgery_token_invalid</c>).
/// </summary>
internal static class ActionGuard
{
    public static async Task<IResult?> CheckAsync(HttpContext http, DashboardPolicies policies, ILogger logger, bool viewOnly = false)
    {
        var decision = await DashboardAccess.DecideAsync(http, policies).ConfigureAwait(false);
        if (!(viewOnly ? decision.CanView : decision.CanAct))
        {
            return Refuse(http, logger, decision.Authenticated || decision.CanView ? 403 : 401, "action_not_allowed", "This caller may not act on the dashboard.");
        }

        var request = http.Request;
        if (request.Headers.Origin.Count > 0)
        {
            var own = $"{request.Scheme}://{request.Host.Value}";
            if (request.Headers.Origin.Count != 1 || !string.Equals(request.Headers.Origin[0], own, StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(http, logger, 403, "cross_site_request", "Requests from pages of other sites are refused.");
            }
        }
        else if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(http, logger, 403, "cross_site_request", "Requests from pages of other sites are refused.");
        }

        if (request.ContentType is { } contentType
            && !(MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return Refuse(http, logger, 415, "unsupported_media_type", "Send JSON (Content-Type: application/json), or no body at all.");
        }

        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse(http, logger, 400, "antiforgery_token_invalid", "The request lacks the dashboard page's antiforgery token; reload the page.");
        }

        return null;
    }

    public static IResult Problem(int status, string code, string message) =>
        Results.Json(new DashboardProblem(code, message), DashboardJsonContext.Default.DashboardProblem, statusCode: status);

    private static IResult Refuse(HttpContext http, ILogger logger, int status, string code, string message)
    {
        Log.Refused(logger, http.Request.Method, http.Request.Path.Value, DashboardAccess.Actor(http), code);
        return Problem(status, code, message);
    }
}
