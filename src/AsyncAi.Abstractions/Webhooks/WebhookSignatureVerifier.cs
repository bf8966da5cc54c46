using System.Globalization;
using System.Security.Cryptography;

namespace AsyncAi.Webhooks;

/// <summary>
/// Checks Standard Webhooks signatures on the receiving side: the timestamp must be within a tolerance (against
/// replays), and at least one <c>v1</c> signature in the header must match one of the secrets (several secrets
/// and several signatures allow key rotation without downtime). Signatures are compared in constant time.
/// </summary>
public sealed class WebhookSignatureVerifier
{
    /// <summary>The default timestamp tolerance, the one most providers use.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="secrets">The accepted secrets (the current one, and the previous one while rotating).</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; <see cref="DefaultTolerance"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public WebhookSignatureVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = secrets.Select(WebhookSecret.Decode).ToArray();
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one webhook secret is needed.", nameof(secrets));
        }

        _tolerance = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_tolerance, TimeSpan.Zero, nameof(tolerance));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a verifier for one secret.</summary>
    /// <param name="secret">The secret, <c>whsec_&lt;base64&gt;</c>.</param>
    /// <param name="tolerance">How far the timestamp may be from now.</param>
    /// <param name="timeProvider">The clock.</param>
    public WebhookSignatureVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
        : this([secret], tolerance, timeProvider)
    {
    }

    /// <summary>Checks one request; returns <see langword="false"/> with the reason when it must be rejected.</summary>
    /// <param name="messageId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The exact request body as received.</param>
    /// <param name="failureReason">Why it was rejected.</param>
    public bool TryVerify(string? messageId, string? timestamp, string? signature, string body, out string? failureReason)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            failureReason = $"One of the {WebhookHeaders.Id}, {WebhookHeaders.Timestamp} and {WebhookHeaders.Signature} headers is missing.";
            return false;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            failureReason = $"The {WebhookHeaders.Timestamp} header is not a Unix time in seconds.";
            return false;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)_tolerance.TotalSeconds)
        {
            failureReason = $"The {WebhookHeaders.Timestamp} is outside the tolerance of {_tolerance}.";
            return false;
        }

        foreach (var key in _keys)
        {
            var expected = WebhookSigner.ComputeSignature(key, messageId, timestamp, body);
            foreach (var candidate in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var comma = candidate.IndexOf(',', StringComparison.Ordinal);
                if (comma < 0 || !candidate.AsSpan(0, comma).SequenceEqual("v1"))
                {
                    continue;
                }

                var provided = new byte[expected.Length];
                if (Convert.TryFromBase64String(candidate[(comma + 1)..], provided, out var written) &&
                    written == expected.Length &&
                    CryptographicOperations.FixedTimeEquals(provided, expected))
                {
                    failureReason = null;
                    return true;
                }
            }
        }

        failureReason = "No signature matches.";
        return false;
    }

    /// <summary>Checks one request and throws when it must be rejected.</summary>
    /// <param name="messageId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The exact request body as received.</param>
    /// <exception cref="WebhookVerificationException">The request is not authentic or too old.</exception>
    public void Verify(string? messageId, string? timestamp, string? signature, string body)
    {
        if (!TryVerify(messageId, timestamp, signature, body, out var reason))
        {
            throw new WebhookVerificationException(reason!);
        }
    }
}
