using System.Diagnostics.CodeAnalysis;

namespace AsyncAi;

/// <summary>The location of one S3 object: a bucket and a key.</summary>
/// <param name="Bucket">The bucket name.</param>
/// <param name="Key">The object key inside the bucket.</param>
public sealed record ObjectReference(string Bucket, string Key)
{
    /// <summary>The reference as an <c>s3://bucket/key</c> URI.</summary>
    public override string ToString() => $"s3://{Bucket}/{Key}";

    /// <summary>Reads an <c>s3://bucket/key</c> URI.</summary>
    /// <param name="uri">The URI text.</param>
    /// <exception cref="FormatException">The text is not an s3 URI with a bucket and a key.</exception>
    public static ObjectReference Parse(string uri) =>
        TryParse(uri, out var reference) ? reference : throw new FormatException($"'{uri}' is not an s3://bucket/key URI.");

    /// <summary>Reads an <c>s3://bucket/key</c> URI when it is one.</summary>
    /// <param name="uri">The URI text.</param>
    /// <param name="reference">The reference read.</param>
    public static bool TryParse([NotNullWhen(true)] string? uri, [NotNullWhen(true)] out ObjectReference? reference)
    {
        reference = null;
        const string scheme = "s3://";
        if (uri is null || !uri.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri.AsSpan(scheme.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        reference = new ObjectReference(rest[..slash].ToString(), rest[(slash + 1)..].ToString());
        return true;
    }
}
