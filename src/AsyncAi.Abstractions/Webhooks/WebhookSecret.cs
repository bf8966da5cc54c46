using System.Security.Cryptography;

namespace AsyncAi.Webhooks;

/// <summary>
/// Reads webhook secrets in the Standard Webhooks form <c>whsec_&lt;base64&gt;</c> and makes new ones.
/// </summary>
public static class WebhookSecret
{
    /// <summary>The prefix every secret carries, so that a secret is recognisable in configuration and logs.</summary>
    public const string Prefix = "whsec_";

    /// <summary>Makes a new random secret of 32 bytes, in the <c>whsec_</c> form.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads the key bytes of a secret; the <c>whsec_</c> prefix is optional.</summary>
    /// <param name="secret">The secret.</param>
    /// <exception cref="FormatException">The secret is empty or not base64.</exception>
    public static byte[] Decode(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var text = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        if (text.Length == 0)
        {
            throw new FormatException("The webhook secret is empty; expected whsec_ followed by base64.");
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            // Never echo the secret: it would end up in logs.
            throw new FormatException("The webhook secret is not valid base64 after its whsec_ prefix.", ex);
        }
    }

    /// <summary>Whether a secret can be read by <see cref="Decode"/>.</summary>
    /// <param name="secret">The secret.</param>
    public static bool IsValid(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        try
        {
            return Decode(secret).Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
