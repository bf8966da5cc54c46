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

    /// <summary>Reports <paramref name="url"/> unless it is unset or an absolute http or https URL.</summary>
    /// <param name="errors">Where to report.</param>
    /// <param name="setting">The setting's name within the errors' section.</param>
    /// <param name="url">Its value.</param>
    public static void CheckHttpUrl(OptionErrors errors, string setting, Uri? url)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (url is not null && !IsHttpUrl(url))
        {
            errors.Add(setting, url, "must be an absolute http or https URL");
        }
    }
}
