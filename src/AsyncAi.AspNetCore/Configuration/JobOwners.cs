using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace AsyncAi.AspNetCore;

/// <summary>The default rule that turns a user into a job owner.</summary>
internal static class JobOwners
{
    public static string? FromNameIdentifier(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { Length: > 0 } id)
        {
            return null;
        }

        // A key segment may hold only letters, digits, '-' and '_'; an e-mail or a URL-shaped id is hashed instead,
        // which keeps it stable per user and unable to name another folder.
        return StorageNames.IsSafeSegment(id) && id.Length <= 64
            ? id
            : "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..40];
    }
}
