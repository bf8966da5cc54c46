using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.Webhooks;

/// <summary>
/// Signs webhook calls per Standard Webhooks: <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>.
/// </summary>
public sealed class WebhookSigner
{
    private readonly byte[] _key;

    /// <summary>Creates a signer for one secret.</summary>
    /// <param name="secret">The secret, <c>whsec_&lt;base64&gt;</c>.</param>
    /// <exception cref="FormatException">The secret cannot be read.</exception>
    public WebhookSigner(string secret) => _key = WebhookSecret.Decode(secret);

    /// <summary>Signs one message.</summary>
    /// <param name="messageId">The <c>webhook-id</c> value.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> value, whole seconds are used.</param>
    /// <param name="body">The exact request body.</param>
    /// <returns>The <c>webhook-signature</c> value, <c>v1,&lt;base64&gt;</c>.</returns>
    public string Sign(string messageId, DateTimeOffset timestamp, string body) =>
        Sign(messageId, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body);

    /// <summary>Signs one message with the timestamp as the header carries it.</summary>
    /// <param name="messageId">The <c>webhook-id</c> value.</param>
    /// <param name="unixSeconds">The <c>webhook-timestamp</c> header value.</param>
    /// <param name="body">The exact request body.</param>
    public string Sign(string messageId, string unixSeconds, string body) => "v1," + Convert.ToBase64String(ComputeSignature(_key, messageId, unixSeconds, body));

    /// <summary>The three headers to send with a body.</summary>
    /// <param name="messageId">The <c>webhook-id</c> value.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="body">The exact request body.</param>
    public IReadOnlyDictionary<string, string> CreateHeaders(string messageId, DateTimeOffset timestamp, string body)
    {
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Id] = messageId,
            [WebhookHeaders.Timestamp] = seconds,
            [WebhookHeaders.Signature] = Sign(messageId, seconds, body),
        };
    }

    internal static byte[] ComputeSignature(byte[] key, string messageId, string unixSeconds, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(unixSeconds);
        ArgumentNullException.ThrowIfNull(body);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{unixSeconds}.{body}"));
    }
}
