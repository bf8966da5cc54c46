using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.Aws;
using AsyncAi.Aws.Storage;
using AsyncAi.Uploads;

namespace AsyncAi.Client;

/// <summary>
/// Issues presigned PUT URLs to workers that run outside AWS and hold no S3 credentials. The backend exposes it
/// on an endpoint (<c>MapAsyncAiWorkerUploads</c> in AsyncAi.AspNetCore); each URL is for exactly one key,
/// <c>{jobPrefix}outputs/{name}</c> of one job, signed for one exact content type and length, and expires quickly.
/// </summary>
/// <remarks>
/// <para>
/// Every URL is capped: a presigned PUT can only be held to a size by signing its exact <c>Content-Length</c>, so a
/// request without a size is refused rather than given an uncapped URL, and one over
/// <see cref="WorkerUploadUrlIssuerOptions.MaxOutputBytes"/> is refused too. Each URL also signs
/// <c>If-None-Match: *</c>, so S3 refuses (412) a PUT onto an output that already exists.
/// </para>
/// <para>
/// Who may ask: a worker presenting the job's own credential (<see cref="CreateJobCredential"/>, carried in the job
/// message under <see cref="OutputUploadCredential.MetadataKey"/>), which names the job and owner it is good for;
/// or, only when <see cref="WorkerUploadUrlIssuerOptions.WorkerToken"/> is configured, the shared static token.
/// Jobs that have completed get no more URLs, so nobody can overwrite a finished job's results.
/// </para>
/// </remarks>
public sealed class WorkerUploadUrlIssuer
{
    private const int MaxContentTypeLength = 255;
    private const string IfNoneMatchHeader = "If-None-Match";
    private readonly IAmazonS3 _s3;
    private readonly WorkerUploadUrlIssuerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly byte[]? _tokenHash;
    private readonly byte[]? _signingKey;

    /// <summary>Creates the issuer.</summary>
    /// <param name="s3">The backend's S3 client, whose credentials sign the URLs.</param>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock of the expiry; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    public WorkerUploadUrlIssuer(IAmazonS3 s3, WorkerUploadUrlIssuerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        const string o = nameof(WorkerUploadUrlIssuerOptions);
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new ArgumentException($"{o}.{nameof(options.Bucket)} is required.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.WorkerToken) && string.IsNullOrEmpty(options.SigningKey))
        {
            throw new ArgumentException($"{o}.{nameof(options.SigningKey)} (per-job credentials) or {o}.{nameof(options.WorkerToken)} (a shared token) is required.", nameof(options));
        }

        foreach (var (name, secret) in new[] { (nameof(options.WorkerToken), options.WorkerToken), (nameof(options.SigningKey), options.SigningKey) })
        {
            if (secret is not null && Encoding.UTF8.GetByteCount(secret) < WorkerUploadsOptions.MinSecretBytes)
            {
                throw new ArgumentException($"{o}.{name} must be at least {WorkerUploadsOptions.MinSecretBytes} bytes long.", nameof(options));
            }
        }

        if (options.RootPrefix.Length > 0 && !options.RootPrefix.EndsWith('/'))
        {
            throw new ArgumentException($"{o}.{nameof(options.RootPrefix)} must be empty or end in '/'.", nameof(options));
        }

        if (options.UrlExpiry <= TimeSpan.Zero || options.UrlExpiry > PresignLimits.MaxExpiry)
        {
            throw new ArgumentException($"{o}.{nameof(options.UrlExpiry)} must be positive and at most 7 days (the SigV4 limit).", nameof(options));
        }

        if (options.CredentialLifetime <= TimeSpan.Zero || options.CredentialLifetime > TimeSpan.FromDays(30))
        {
            throw new ArgumentException($"{o}.{nameof(options.CredentialLifetime)} must be positive and at most 30 days.", nameof(options));
        }

        if (options.MaxOutputBytes is < 1 or > PresignLimits.MaxSingleUploadBytes)
        {
            throw new ArgumentException($"{o}.{nameof(options.MaxOutputBytes)} must be between 1 and {PresignLimits.MaxSingleUploadBytes} (5 GiB, the most one PUT uploads).", nameof(options));
        }

        _s3 = s3;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _tokenHash = options.WorkerToken is { Length: > 0 } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;
        _signingKey = options.SigningKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;
    }

    /// <summary>Whether a presented credential is the shared static worker token (always <see langword="false"/> when none is configured). Constant time, whatever the length.</summary>
    /// <param name="workerCredential">The bearer token the caller presented, or <see langword="null"/>.</param>
    public bool IsAuthorized(string? workerCredential) =>
        _tokenHash is not null &&
        workerCredential is not null &&
        // Hashing first makes both sides 32 bytes, so the comparison time says nothing about the token's length.
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(workerCredential)), _tokenHash);

    /// <summary>
    /// Creates the upload credential of one job, valid for <see cref="WorkerUploadUrlIssuerOptions.CredentialLifetime"/>.
    /// Put it into the job's <see cref="JobRequest.Metadata"/> under <see cref="OutputUploadCredential.MetadataKey"/>;
    /// the worker presents it when it asks for that job's upload URLs.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">No signing key is configured.</exception>
    /// <exception cref="ArgumentException">The job id is empty or the owner is invalid.</exception>
    public string CreateJobCredential(JobId jobId, string? owner)
    {
        if (_signingKey is null)
        {
            throw new InvalidOperationException("Per-job upload credentials need WorkerUploads:SigningKey.");
        }

        if (jobId.IsEmpty)
        {
            throw new ArgumentException("The job id is empty.", nameof(jobId));
        }

        // Refuses an owner that cannot name a folder before a credential is signed for it.
        _ = JobFolder.Of(_options.Bucket!, _options.RootPrefix, jobId, owner);
        return JobUploadCredential.Create(_signingKey, jobId, owner, _timeProvider.GetUtcNow() + _options.CredentialLifetime);
    }

    /// <summary>Whether a credential may ask for upload URLs of the given job: its own valid credential, or the static token where one is configured.</summary>
    /// <param name="jobId">The job the caller asks about.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    /// <param name="workerCredential">The bearer token the caller presented.</param>
    public bool IsAuthorizedFor(JobId jobId, string? owner, string? workerCredential)
    {
        if (_signingKey is not null &&
            JobUploadCredential.TryRead(_signingKey, workerCredential, _timeProvider.GetUtcNow(), out var credentialJob, out var credentialOwner))
        {
            return credentialJob == jobId && string.Equals(credentialOwner, owner, StringComparison.Ordinal);
        }

        return IsAuthorized(workerCredential);
    }

    /// <summary>Issues a URL for one output of one job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    /// <param name="outputName">The output name (see <see cref="StorageNames.ValidateFileName"/>).</param>
    /// <param name="contentType">The MIME type the worker will upload with, exactly as it sends it.</param>
    /// <param name="sizeBytes">The exact length the worker will upload, signed into the URL.</param>
    /// <param name="workerCredential">The job's credential or the static token the worker presented.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="UnauthorizedAccessException">The credential is not good for this job.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative or over <see cref="WorkerUploadUrlIssuerOptions.MaxOutputBytes"/>.</exception>
    /// <exception cref="ArgumentException">The owner, output name or content type is invalid.</exception>
    /// <exception cref="InvalidOperationException">The job has completed; its outputs are final.</exception>
    public Task<OutputUploadUrlGrant> IssueAsync(JobId jobId, string? owner, string outputName, string contentType, long sizeBytes, string? workerCredential, CancellationToken cancellationToken = default) =>
        IssueAsync(new OutputUploadUrlRequest { JobId = jobId, Owner = owner, OutputName = outputName, ContentType = contentType, SizeBytes = sizeBytes }, workerCredential, cancellationToken);

    /// <summary>Issues a URL for a request as the worker sends it.</summary>
    /// <param name="request">The request body.</param>
    /// <param name="workerCredential">The bearer token from the Authorization header.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="UnauthorizedAccessException">The credential is not good for this job.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The declared size is over <see cref="WorkerUploadUrlIssuerOptions.MaxOutputBytes"/>.</exception>
    /// <exception cref="ArgumentException">The request has no size, or is otherwise invalid.</exception>
    /// <exception cref="InvalidOperationException">The job has completed; its outputs are final.</exception>
    public async Task<OutputUploadUrlGrant> IssueAsync(OutputUploadUrlRequest request, string? workerCredential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Checked first: a caller without a credential learns nothing about which requests would be valid.
        if (!IsAuthorizedFor(request.JobId, request.Owner, workerCredential))
        {
            throw new UnauthorizedAccessException("The worker credential is not valid for this job.");
        }

        if (request.JobId.IsEmpty)
        {
            throw new ArgumentException("The job id is empty.", nameof(request));
        }

        // The exact string the worker sends is what SigV4 signs: no parsing and re-formatting, which would turn
        // "text/plain;charset=utf-8" into "text/plain; charset=utf-8" and break the signature.
        if (!S3InputUploads.IsContentType(request.ContentType) || request.ContentType.Length > MaxContentTypeLength)
        {
            throw new ArgumentException($"The content type is not a MIME type such as 'image/png'.", nameof(request));
        }

        // Without a signed length a PUT URL takes a body of any size, so no size means no URL.
        if (request.SizeBytes is not { } size)
        {
            throw new ArgumentException($"The request names no size; every upload URL is signed for the exact length (at most {_options.MaxOutputBytes} bytes).", nameof(request));
        }

        if (size < 0 || size > _options.MaxOutputBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(request), size, $"The output is {size} bytes; the most this backend accepts is {_options.MaxOutputBytes}.");
        }

        var folder = JobFolder.Of(_options.Bucket!, _options.RootPrefix, request.JobId, request.Owner);
        var key = folder.OutputKey(request.OutputName);
        if (await HasCompletedAsync(folder.CompletionKey, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Job {request.JobId} has completed; its outputs can no longer be written.");
        }

        var expiresAt = _timeProvider.GetUtcNow() + _options.UrlExpiry;
        var presign = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = request.ContentType,
            Expires = expiresAt.UtcDateTime,
            Protocol = AsyncAiAwsClients.PresignProtocol(_s3),
        };
        // A signed Content-Length: S3 refuses a body of any other size, so the cap holds for the upload itself.
        presign.Headers.ContentLength = size;
        // Signed, so a worker cannot drop it: S3 answers 412 instead of overwriting an output that already exists.
        presign.Headers[IfNoneMatchHeader] = "*";

        var url = await _s3.GetPreSignedURLAsync(presign).ConfigureAwait(false);
        return new OutputUploadUrlGrant
        {
            Url = new Uri(url),
            Location = new ObjectReference(_options.Bucket!, key),
            ContentType = request.ContentType,
            ExpiresAt = expiresAt,
        };
    }

    private async Task<bool> HasCompletedAsync(string completionKey, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(_options.Bucket, completionKey, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
