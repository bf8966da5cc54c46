using System.Net;

namespace AsyncAi.Aws.Configuration;

/// <summary>The checks the options validators of every role share, written once.</summary>
internal static class OptionRules
{
    /// <summary>The fewest bytes a shared secret (webhook signing secret, worker token, signing key) may have.</summary>
    public const int MinSecretBytes = 24;

    /// <summary>An absolute http or https URL.</summary>
    public static bool IsHttpUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// https, or http to this machine only: a bearer token or a signed event must not cross a network in clear text.
    /// </summary>
    public static bool IsSecureOrLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.Scheme == Uri.UriSchemeHttps || url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
