using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.Client;

/// <summary>
/// A job's own upload credential: <c>v1.{payload}.{mac}</c>, where the payload (base64url) is the job id, the owner
/// and the expiry in Unix seconds, and the mac is an HMAC-SHA256 of the payload under the backend's signing key.
/// Self-contained, so the backend checks it before it reads a request body and keeps no per-job state.
/// </summary>
internal static class JobUploadCredential
{
    private const string Version = "v1";

    // Kept apart from any other use of the same key: a MAC over this purpose string cannot be replayed elsewhere.
    private static readonly byte[] Purpose = "asyncai-upload-credential\n"u8.ToArray();

    public static string Create(byte[] key, JobId jobId, string? owner, DateTimeOffset expiresAt)
    {
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{jobId.Value}\n{owner}\n{expiresAt.ToUnixTimeSeconds()}"));
        return $"{Version}.{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(key, payload))}";
    }

    /// <summary>Reads and checks a credential; <see langword="false"/> for anything not signed by this key or expired.</summary>
    public static bool TryRead(byte[] key, string? credential, DateTimeOffset now, out JobId jobId, out string? owner)
    {
        jobId = default;
        owner = null;
        if (credential is null || credential.Length > 1024)
        {
            return false;
        }

        var parts = credential.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            return false;
        }

        byte[] payload;
        byte[] mac;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
            mac = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(key, payload)))
        {
            return false;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 3 ||
            !JobId.TryParse(fields[0], out jobId) ||
            !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) ||
            now.ToUnixTimeSeconds() > expires)
        {
            return false;
        }

        owner = fields[1].Length == 0 ? null : fields[1];
        return true;
    }

    private static byte[] Mac(byte[] key, byte[] payload)
    {
        var data = new byte[Purpose.Length + payload.Length];
        Purpose.CopyTo(data, 0);
        payload.CopyTo(data, Purpose.Length);
        return HMACSHA256.HashData(key, data);
    }
}
