using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.Aws;
using AsyncAi.Uploads;

namespace AsyncAi.Client;

/// <summary>
/// Issues presigned PUT URLs to workers that run outside AWS and hold no S3 credentials. The backend exposes it
/// on an authenticated endpoint; each URL is for exactly one key, <c>{jobPrefix}outputs/{name}</c> of one job,
/// signed for one content type, and expires quickly, so a worker (or a leaked URL) can write nowhere else.
/// </summary>
public sealed class WorkerUploadUrlIssuer
{
    private readonly IAmazonS3 _s3;
    private readonly WorkerUploadUrlIssuerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly byte[] _tokenHash;

    /// <summary>Creates the issuer.</summary>
    /// <param name="s3">The backend's S3 client, whose credentials sign the URLs.</param>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock of the expiry; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    public WorkerUploadUrlIssuer(IAmazonS3 s3, WorkerUploadUrlIssuerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new ArgumentException($"{nameof(WorkerUploadUrlIssuerOptions)}.{nameof(options.Bucket)} is required.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.WorkerToken))
        {
            throw new ArgumentException($"{nameof(WorkerUploadUrlIssuerOptions)}.{nameof(options.WorkerToken)} is required.", nameof(options));
        }

        if (options.RootPrefix.Length > 0 && !options.RootPrefix.EndsWith('/'))
        {
            throw new ArgumentException($"{nameof(WorkerUploadUrlIssuerOptions)}.{nameof(options.RootPrefix)} must be empty or end in '/'.", nameof(options));
        }

        if (options.UrlExpiry <= TimeSpan.Zero || options.UrlExpiry > TimeSpan.FromDays(7))
        {
            throw new ArgumentException($"{nameof(WorkerUploadUrlIssuerOptions)}.{nameof(options.UrlExpiry)} must be positive and at most 7 days (the SigV4 limit).", nameof(options));
        }

        _s3 = s3;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.WorkerToken));
    }

    /// <summary>Whether a presented credential is the worker token. Constant time, whatever the length.</summary>
    /// <param name="workerCredential">The bearer token the caller presented, or <see langword="null"/>.</param>
    public bool IsAuthorized(string? workerCredential) =>
        workerCredential is not null &&
        // Hashing first makes both sides 32 bytes, so the comparison time says nothing about the token's length.
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(workerCredential)), _tokenHash);

    /// <summary>Issues a URL for one output of one job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    /// <param name="outputName">The output name (see <see cref="StorageNames.ValidateFileName"/>).</param>
    /// <param name="contentType">The MIME type the worker will upload with.</param>
    /// <param name="workerCredential">The bearer token the worker presented.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="UnauthorizedAccessException">The credential is not the worker token.</exception>
    /// <exception cref="ArgumentException">The owner, output name or content type is invalid.</exception>
    public async Task<OutputUploadUrlGrant> IssueAsync(JobId jobId, string? owner, string outputName, string contentType, string? workerCredential, CancellationToken cancellationToken = default)
    {
        if (!IsAuthorized(workerCredential))
        {
            throw new UnauthorizedAccessException("The worker credential is not valid.");
        }

        if (jobId.IsEmpty)
        {
            throw new ArgumentException("The job id is empty.", nameof(jobId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (contentType.Length > 255 || contentType.Any(char.IsControl))
        {
            throw new ArgumentException("The content type is not a valid MIME type.", nameof(contentType));
        }

        var key = JobStorageLayout.OutputKey(JobStorageLayout.JobPrefix(_options.RootPrefix, jobId, owner), outputName);
        var expiresAt = _timeProvider.GetUtcNow() + _options.UrlExpiry;
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = contentType,
            Expires = expiresAt.UtcDateTime,
            Protocol = AsyncAiAwsClients.PresignProtocol(_s3),
        }).ConfigureAwait(false);
        return new OutputUploadUrlGrant
        {
            Url = new Uri(url),
            Location = new ObjectReference(_options.Bucket!, key),
            ContentType = contentType,
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>Issues a URL for a request as the worker sends it.</summary>
    /// <param name="request">The request body.</param>
    /// <param name="workerCredential">The bearer token from the Authorization header.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="UnauthorizedAccessException">The credential is not the worker token.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    public Task<OutputUploadUrlGrant> IssueAsync(OutputUploadUrlRequest request, string? workerCredential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IssueAsync(request.JobId, request.Owner, request.OutputName, request.ContentType, workerCredential, cancellationToken);
    }
}
