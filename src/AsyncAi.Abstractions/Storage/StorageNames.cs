using System.Diagnostics.CodeAnalysis;

namespace AsyncAi;

/// <summary>Rules for the names that become parts of S3 keys, so that no name can reach outside its job's prefix.</summary>
public static class StorageNames
{
    /// <summary>The longest owner or file-name segment accepted.</summary>
    public const int MaxSegmentLength = 128;

    /// <summary>Whether a value is a safe single key segment: 1-128 letters, digits, '-' or '_'.</summary>
    /// <param name="value">The value.</param>
    public static bool IsSafeSegment([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxSegmentLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks an input or output file name: 1-128 letters, digits, '.', '-' or '_', with '/' allowed between
    /// segments but no empty, '.' or '..' segment and no leading '/'.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <returns>The name, unchanged.</returns>
    /// <exception cref="ArgumentException">The name breaks the rules.</exception>
    public static string ValidateFileName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxSegmentLength)
        {
            throw new ArgumentException($"A file name must have 1-{MaxSegmentLength} characters.", nameof(name));
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ArgumentException($"The file name '{name}' has an empty, '.' or '..' segment.", nameof(name));
            }

            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    throw new ArgumentException($"The file name '{name}' may hold only letters, digits, '.', '-', '_' and '/'.", nameof(name));
                }
            }
        }

        return name;
    }
}
