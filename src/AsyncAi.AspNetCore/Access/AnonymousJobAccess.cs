using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.AspNetCore;

/// <summary>
/// Anonymous jobs, where the application opted in (<c>AddAsyncAiAnonymousJobs</c>): each is bound to an access key
/// of 256 random bits, returned once at creation, and its owner is a hash of that key (<c>anon-</c> and 40 hex
/// digits). Whoever holds the key reaches the job, nobody else does; the backend stores nothing, and neither the
/// key nor anything it can be recovered from is logged (the owner is a one-way hash of it).
/// </summary>
internal sealed class AnonymousJobAccess
{
    /// <summary>The prefix of every anonymous owner; <see cref="JobOwners"/> never maps a user to one.</summary>
    public const string OwnerPrefix = "anon-";

    /// <summary>The request header that carries the key.</summary>
    public const string HeaderName = "X-AsyncAi-Access-Key";

    /// <summary>
    /// The query parameter that carries the key, for the browser APIs that cannot send headers (EventSource,
    /// WebSocket); the URLs returned at creation carry it.
    /// </summary>
    public const string QueryName = "access";

    private const int KeyBytes = 32;

    private static readonly byte[] Purpose = "asyncai-anonymous-job\n"u8.ToArray();

    /// <summary>A new key, base64url.</summary>
    public static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The owner a key stands for, or <see langword="null"/> when it is not a key this class makes.</summary>
    public static string? OwnerOf(string? key)
    {
        if (key is not { Length: > 0 and <= 64 } || !Base64Url.IsValid(key, out var length) || length != KeyBytes)
        {
            return null;
        }

        var text = Encoding.ASCII.GetBytes(key);
        var data = new byte[Purpose.Length + text.Length];
        Purpose.CopyTo(data, 0);
        text.CopyTo(data, Purpose.Length);
        return OwnerPrefix + Convert.ToHexStringLower(SHA256.HashData(data))[..40];
    }
}
