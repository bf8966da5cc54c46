using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Sqs;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Storage;

/// <summary>
/// Uploads with the S3 client: one PutObject (with an S3-checked SHA-256) when the output fits in one part,
/// otherwise a multipart upload streamed part by part, so memory stays at one part per job whatever the size.
/// </summary>
internal sealed class DirectS3OutputUploader(WorkerAwsClients aws, IOptions<AsyncAiWorkerOptions> options) : IOutputUploader
{
    private readonly int _partSizeBytes = options.Value.UploadPartSizeBytes;

    private IAmazonS3 S3 => aws.S3;

    public async Task<JobOutput> UploadAsync(JobOutputTarget target, Stream content, CancellationToken cancellationToken)
    {
        var key = JobFolder.Of(target.JobPrefix).OutputKey(target.Name);

        // A small output of known length borrows only what it needs: a whole part per output would keep 8 MiB arrays
        // per slot in the shared pool for 256-byte results.
        var known = content.CanSeek ? content.Length - content.Position : long.MaxValue;
        var buffer = ArrayPool<byte>.Shared.Rent(known < _partSizeBytes ? (int)Math.Max(1, known + 1) : _partSizeBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var limit = Math.Min(buffer.Length, _partSizeBytes);
            var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, limit), limit, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < limit)
            {
                hash.AppendData(buffer, 0, read);
                var sha = hash.GetHashAndReset();
                using var body = new MemoryStream(buffer, 0, read, writable: false);
                await S3.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = target.JobPrefix.Bucket,
                        Key = key,
                        InputStream = body,
                        AutoCloseStream = false,
                        ContentType = target.ContentType,
                        ChecksumSHA256 = Convert.ToBase64String(sha),
                    },
                    cancellationToken).ConfigureAwait(false);
                return Output(target, key, read, sha);
            }

            if (limit < _partSizeBytes)
            {
                throw new InvalidOperationException($"The content of output '{target.Name}' is longer than its stream's Length said ({known} bytes).");
            }

            var (size, digest) = await UploadMultipartAsync(target.JobPrefix.Bucket, key, target.ContentType, content, buffer, read, hash, cancellationToken).ConfigureAwait(false);
            return Output(target, key, size, digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(long Size, byte[] Sha256)> UploadMultipartAsync(string bucket, string key, string contentType, Stream content, byte[] buffer, int firstRead, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var initiated = await S3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType },
            cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            long size = 0;
            var read = firstRead;
            var partNumber = 1;
            while (read > 0)
            {
                hash.AppendData(buffer, 0, read);
                using var body = new MemoryStream(buffer, 0, read, writable: false);
                var uploaded = await S3.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = initiated.UploadId,
                        PartNumber = partNumber,
                        PartSize = read,
                        InputStream = body,
                    },
                    cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, uploaded.ETag));
                size += read;
                partNumber++;
                read = await content.ReadAtLeastAsync(buffer.AsMemory(0, _partSizeBytes), _partSizeBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            await S3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = initiated.UploadId, PartETags = parts },
                cancellationToken).ConfigureAwait(false);
            return (size, hash.GetHashAndReset());
        }
        catch
        {
            // An abandoned upload keeps its parts (and their cost) until aborted.
            await S3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = initiated.UploadId }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static JobOutput Output(JobOutputTarget target, string key, long size, byte[] sha256) => new()
    {
        Name = target.Name,
        Location = new ObjectReference(target.JobPrefix.Bucket, key),
        SizeBytes = size,
        ContentType = target.ContentType,
        Sha256 = Convert.ToHexStringLower(sha256),
    };
}
