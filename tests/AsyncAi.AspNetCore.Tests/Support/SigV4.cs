using System.Security.Cryptography;
using System.Web;

namespace AsyncAi.AspNetCore.Tests.Support;

/// <summary>
/// Recomputes the SigV4 signature of a presigned S3 URL for given header values, as S3 does when the request
/// arrives, so a test can tell which exact header strings a URL was signed for (the emulator checks no signature).
/// </summary>
internal static class SigV4
{
    public static bool Matches(Uri url, string secretKey, IReadOnlyDictionary<string, string> headers)
    {
        var rawQuery = url.Query.TrimStart('?').Split('&');
        var parsed = HttpUtility.ParseQueryString(url.Query);
        var signedHeaders = parsed["X-Amz-SignedHeaders"]!.Split(';');
        var canonicalQuery = string.Join('&', rawQuery.Where(p => !p.StartsWith("X-Amz-Signature=", StringComparison.Ordinal)).OrderBy(p => p[..p.IndexOf('=', StringComparison.Ordinal)], StringComparer.Ordinal));
        var allHeaders = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) { ["host"] = url.Authority };
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{allHeaders[h].Trim()}\n"));
        var canonicalRequest = $"PUT\n{url.AbsolutePath}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', signedHeaders)}\nUNSIGNED-PAYLOAD";
        var credential = parsed["X-Amz-Credential"]!.Split('/');
        var scope = string.Join('/', credential[1..]);
        var stringToSign = $"AWS4-HMAC-SHA256\n{parsed["X-Amz-Date"]}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in credential[1..])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign))) == parsed["X-Amz-Signature"];
    }
}
