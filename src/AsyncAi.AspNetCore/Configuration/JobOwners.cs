using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.AspNetCore;

/// <summary>The default rule that turns a user into a job owner.</summary>
/// <remarks>
/// The mapping is injective, because the owner is what separates one user's jobs from another's: a hashed owner
/// always begins with <see cref="HashedPrefix"/>, and a raw id that begins with it is hashed too, so no user can
/// pick an id that equals another user's hashed owner (two hashed owners collide only if SHA-256 truncated to 160
/// bits does). A raw id that begins with <c>anon-</c>, the prefix of anonymous jobs' owners, is hashed too.
/// </remarks>
internal static class JobOwners
{
    /// <summary>What every hashed owner begins with, and no raw owner does.</summary>
    public const string HashedPrefix = "u-";

    private const int MaxRawLength = 64;

    public static string? FromNameIdentifier(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { Length: > 0 } id)
        {
            return null;
        }

        return FromUserId(id);
    }

    public static string FromUserId(string id)
    {
        // A key segment may hold only letters, digits, '-' and '_'; an e-mail or a URL-shaped id is hashed instead,
        // which keeps it stable per user and unable to name another folder.
        return StorageNames.IsSafeSegment(id) && id.Length <= MaxRawLength && !IsReserved(id)
            ? id
            : HashedPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..40];
    }

    // The hashed owners' prefix, and the anonymous jobs' owners' prefix: no raw id may look like either.
    private static bool IsReserved(string id) =>
        id.StartsWith(HashedPrefix, StringComparison.Ordinal) || id.StartsWith(AnonymousJobAccess.OwnerPrefix, StringComparison.Ordinal);
}
