using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AsyncAi.AspNetCore;

/// <summary>
/// The rule that keeps the job endpoints that change state (create, start, cancel) out of reach of another site's
/// page when the app signs users in with a cookie: the browser attaches the cookie to a cross-site form post or a
/// no-cors fetch, so such a request must be told apart by what it carries, not by who it claims to be.
/// <list type="bullet">
/// <item>An <c>Origin</c> header (browsers send it on every POST) must be the app's own or an allowed origin; without
/// one, <c>Sec-Fetch-Site: cross-site</c> is refused as well (403 <c>cross_site_request</c>).</item>
/// <item>A body, if any, must be JSON: the content types an HTML form or a no-cors fetch can send
/// (<c>application/x-www-form-urlencoded</c>, <c>multipart/form-data</c>, <c>text/plain</c>) are refused, which
/// also stops browsers too old to send Origin (415 <c>unsupported_media_type</c>). A JSON request from another
/// origin needs a CORS preflight, which the app's CORS policy, not this rule, answers.</item>
/// </list>
/// The WebSocket needs the Origin part too, for another reason: a WebSocket handshake is not subject to CORS, so any
/// site's page could open one with the user's cookie and read the job's events (cross-site WebSocket hijacking).
/// </summary>
internal static class CrossSiteRequestRule
{
    private const string LoggerName = "AsyncAi.AspNetCore.Jobs";

    /// <summary>The rule for POST create, start and cancel.</summary>
    /// <returns>The problem to answer, or <see langword="null"/> when the request may go on.</returns>
    public static ProblemHttpResult? CheckStateChange(HttpContext http, JobEndpointsOptions jobs, ILoggerFactory loggers)
    {
        var request = http.Request;
        string? refusal = null;
        if (request.Headers.Origin.Count > 0)
        {
            if (!OriginCheck.IsAllowed(request, jobs.AllowedOrigins))
            {
                refusal = "its Origin is neither the app's own nor an allowed origin";
            }
        }
        else if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            refusal = "the browser says it comes from another site (Sec-Fetch-Site: cross-site)";
        }

        if (refusal is not null)
        {
            return Refuse(http, loggers, refusal);
        }

        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send JSON (Content-Type: application/json), or no body at all.");
        }

        return null;
    }

    /// <summary>
    /// The rule for the WebSocket, checked before the upgrade is accepted: an Origin header must be the app's own or an
    /// allowed origin. A client without one (not a browser: a script, a service) brings no ambient cookie of a user
    /// browsing elsewhere, so it is let through to the access policy like any other call.
    /// </summary>
    /// <returns>The problem to answer, or <see langword="null"/> when the request may go on.</returns>
    public static ProblemHttpResult? CheckWebSocket(HttpContext http, JobEndpointsOptions jobs, ILoggerFactory loggers) =>
        http.Request.Headers.Origin.Count > 0 && !OriginCheck.IsAllowed(http.Request, jobs.AllowedOrigins)
            ? Refuse(http, loggers, "its Origin is neither the app's own nor an allowed origin")
            : null;

    private static ProblemHttpResult Refuse(HttpContext http, ILoggerFactory loggers, string reason)
    {
        var request = http.Request;
        Log.CrossSiteRequestRefused(loggers.CreateLogger(LoggerName), request.Method, request.Path.Value, Shorten(request.Headers.Origin.ToString()), reason);
        return Problems.Of(StatusCodes.Status403Forbidden, "cross_site_request", "Requests from pages of other sites are refused.");
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));

    // The header is the caller's: a log line gets a bounded piece of it.
    private static string Shorten(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
