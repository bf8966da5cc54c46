using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Turns <see cref="OnnxModelOptions.ModelPath"/> into a verified local file: a local path is hashed in place; an S3
/// object is downloaded once into the cache (to a temporary name, then moved, so a crash never leaves a half file
/// that looks complete) and reused by later starts when its hash still matches.
/// </summary>
internal sealed class ModelFileResolver(Func<IAmazonS3> s3, ILogger logger)
{
    private const string S3Scheme = "s3://";

    public static bool IsS3Uri(string path) => path.StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase);

    public static bool TryParseS3Uri(string path, [NotNullWhen(true)] out string? bucket, [NotNullWhen(true)] out string? key)
    {
        bucket = null;
        key = null;
        if (!IsS3Uri(path))
        {
            return false;
        }

        var rest = path[S3Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        bucket = rest[..slash];
        key = rest[(slash + 1)..];
        return true;
    }

    public async Task<string> ResolveAsync(string modelName, OnnxModelOptions options, CancellationToken cancellationToken)
    {
        var path = options.ModelPath!;
        if (!IsS3Uri(path))
        {
            if (!File.Exists(path))
            {
                throw new OnnxModelLoadException($"the model file '{path}' does not exist.", permanent: true);
            }

            await VerifyAsync(path, options.ExpectedSha256, cancellationToken).ConfigureAwait(false);
            return path;
        }

        if (!TryParseS3Uri(path, out var bucket, out var key))
        {
            throw new OnnxModelLoadException($"'{path}' is not a valid s3://bucket/key URI.", permanent: true);
        }

        var cacheRoot = options.ModelCacheDirectory ?? Path.Combine(Path.GetTempPath(), "asyncai-models");
        // The cache name comes from the URI's hash, so keys with odd characters never make odd paths.
        var cacheName = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)))[..32];
        var cached = Path.Combine(cacheRoot, cacheName, Path.GetFileName(key) is { Length: > 0 } fileName ? SanitizeFileName(fileName) : "model.onnx");
        if (File.Exists(cached))
        {
            if (options.ExpectedSha256 is null || string.Equals(await HashAsync(cached, cancellationToken).ConfigureAwait(false), options.ExpectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                OnnxLog.ModelCacheHit(logger, modelName, path, cached);
                return cached;
            }

            OnnxLog.ModelCacheStale(logger, modelName, cached);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        var temporary = cached + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            OnnxLog.ModelDownloading(logger, modelName, path);
            using (var response = await s3().GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await response.ResponseStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            await VerifyAsync(temporary, options.ExpectedSha256, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, cached, overwrite: true);
            return cached;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new OnnxModelLoadException($"the model object '{path}' does not exist.", permanent: true, ex);
        }
        catch (AmazonS3Exception ex)
        {
            // Throttling or a network blip: the next job tries the download again.
            throw new OnnxModelLoadException($"downloading '{path}' failed: {ex.Message}", permanent: false, ex);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string SanitizeFileName(string name)
        => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));

    private static async Task VerifyAsync(string path, string? expectedSha256, CancellationToken cancellationToken)
    {
        if (expectedSha256 is null)
        {
            return;
        }

        var actual = await HashAsync(path, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new OnnxModelLoadException(
                $"the model file fails its checksum: SHA-256 is {actual} but ExpectedSha256 is {expectedSha256.ToLowerInvariant()}.",
                permanent: true);
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
