using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AsyncAi.AspNetCore;

/// <summary>
/// Whether a browser's <c>Origin</c> header names a site the job endpoints trust: the app's own origin (the request's
/// scheme, host and port, as the server sees them) or one of <see cref="JobEndpointsOptions.AllowedOrigins"/>.
/// Origins are compared as RFC 6454 tuples (scheme, host, port), so <c>https://App.example</c> and
/// <c>https://app.example:443</c> are one origin.
/// </summary>
internal static class OriginCheck
{
    /// <summary>Whether the request's one Origin header is allowed; a request without one is not asked about.</summary>
    public static bool IsAllowed(HttpRequest request, IEnumerable<string> allowedOrigins)
    {
        var values = request.Headers.Origin;
        if (values.Count != 1 || Normalize(values[0]) is not { } origin)
        {
            // Two Origin headers, or one that is no http(s) origin ("null" from a sandboxed frame or a file): refused.
            return false;
        }

        if (Normalize($"{request.Scheme}://{request.Host.Value}") == origin)
        {
            return true;
        }

        return allowedOrigins.Any(allowed => Normalize(allowed) == origin);
    }

    /// <summary>Whether a configured entry is an origin: an absolute http(s) URL with nothing after the host and port.</summary>
    public static bool IsValidSetting(string? value) => Normalize(value) is not null;

    /// <summary><c>scheme://host:port</c> in lower case with the port made explicit, or null when it is no origin.</summary>
    private static string? Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value)
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0
            || uri.PathAndQuery != "/"
            || uri.Fragment.Length > 0
            || value.EndsWith('?') || value.EndsWith('#'))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}:{uri.Port}");
    }
}
