using System.Net;
using Microsoft.AspNetCore.Http;

namespace AsyncAi.AspNetCore;

/// <summary>The https rule of the endpoints that carry secrets: https, or a call that never left the machine.</summary>
internal static class TransportSecurity
{
    public static bool IsAcceptable(HttpContext context, bool requireHttps)
    {
        if (!requireHttps || context.Request.IsHttps)
        {
            return true;
        }

        // Behind a TLS-terminating proxy, UseForwardedHeaders sets IsHttps from X-Forwarded-Proto; without it the
        // proxy's plain hop is indistinguishable from an attacker's, so only loopback is trusted here.
        var remote = context.Connection.RemoteIpAddress;
        return remote is not null && IPAddress.IsLoopback(remote);
    }
}
