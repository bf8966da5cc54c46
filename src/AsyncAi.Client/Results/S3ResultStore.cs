using Amazon.S3.Model;
using AsyncAi.Aws;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Reads job outputs from S3: presigned GET URLs for browsers, streamed reads for the backend. Only objects in the
/// configured bucket that are a job's own <c>outputs/</c> are served, so that a completion that names another object (from a
/// compromised or misconfigured worker) cannot be used to read it.
/// </summary>
internal sealed class S3ResultStore(ClientAwsClients aws, IOptions<AsyncAiClientOptions> options, TimeProvider time) : IResultStore
{
    private readonly AsyncAiClientOptions _options = options.Value;
    private readonly AsyncAi.Aws.Storage.JobLocationRules _rules = new(options.Value.Bucket!, options.Value.RootPrefix, []);

    public async Task<Uri> GetDownloadUrlAsync(JobOutput output, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default)
    {
        Check(output);
        var expiry = expiresIn ?? _options.DefaultDownloadExpiry;
        if (expiry <= TimeSpan.Zero || expiry > PresignLimits.MaxExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiry, "A download URL must expire after more than zero and at most 7 days (the SigV4 limit).");
        }

        var url = await aws.S3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = output.Location.Bucket,
            Key = output.Location.Key,
            Verb = Amazon.S3.HttpVerb.GET,
            Expires = (time.GetUtcNow() + expiry).UtcDateTime,
            Protocol = AsyncAiAwsClients.PresignProtocol(aws.S3),
        }).ConfigureAwait(false);
        return new Uri(url);
    }

    public async Task<Stream> OpenReadAsync(JobOutput output, CancellationToken cancellationToken = default)
    {
        Check(output);
        var response = await aws.S3.GetObjectAsync(output.Location.Bucket, output.Location.Key, cancellationToken).ConfigureAwait(false);
        return new ResponseStream(response);
    }

    private void Check(JobOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var location = output.Location ?? throw new ArgumentException("The output has no location.", nameof(output));
        // Exactly {root}[owner={o}/]{jobId}/outputs/{name}: not a job's inputs, request body or records, not a key
        // that merely contains "/outputs/" somewhere.
        if (!_rules.IsJobOutput(location))
        {
            throw new ArgumentException($"The output {location} is not a job output in s3://{_options.Bucket}/{_options.RootPrefix}.", nameof(output));
        }
    }

    /// <summary>The object's stream, which also disposes the response (and its connection) when disposed.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
