using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.Aws;
using AsyncAi.Aws.Storage;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>Presigned PUT and POST uploads made by the AWS SDK's own signers, and streamed server-side uploads.</summary>
internal sealed class S3InputUploads(ClientAwsClients aws, IOptions<AsyncAiClientOptions> options, TimeProvider time) : IInputUploads
{
    private readonly AsyncAiClientOptions _options = options.Value;

    public JobId NewJobId() => JobId.New(time);

    public async Task<PresignedUpload> CreatePresignedPutAsync(InputUploadRequest request, CancellationToken cancellationToken = default)
    {
        var (location, expiresAt) = Check(request);
        var url = await aws.S3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            Verb = HttpVerb.PUT,
            ContentType = request.ContentType,
            Expires = expiresAt.UtcDateTime,
            Protocol = AsyncAiAwsClients.PresignProtocol(aws.S3),
        }).ConfigureAwait(false);
        return new PresignedUpload
        {
            Url = new Uri(url),
            Method = "PUT",
            Headers = new Dictionary<string, string> { ["Content-Type"] = request.ContentType },
            Location = location,
            ExpiresAt = expiresAt,
        };
    }

    public async Task<PresignedUpload> CreatePresignedPostAsync(InputUploadRequest request, CancellationToken cancellationToken = default)
    {
        var (location, expiresAt) = Check(request);
        var maxBytes = request.MaxBytes ?? _options.DefaultMaxInputBytes;
        if (maxBytes is < 1 or > PresignLimits.MaxSingleUploadBytes)
        {
            throw new ArgumentException($"MaxBytes is {maxBytes}; it must be between 1 and {PresignLimits.MaxSingleUploadBytes} (5 GiB, the most one POST uploads).", nameof(request));
        }

        var response = await aws.S3.CreatePresignedPostAsync(new CreatePresignedPostRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            Expires = expiresAt.UtcDateTime,
            Fields = new Dictionary<string, string> { ["Content-Type"] = request.ContentType },
            Conditions =
            [
                S3PostCondition.ExactMatch("Content-Type", request.ContentType),
                S3PostCondition.ContentLengthRange(1, maxBytes),
            ],
        }).ConfigureAwait(false);
        return new PresignedUpload
        {
            Url = new Uri(response.Url),
            Method = "POST",
            Fields = new Dictionary<string, string>(response.Fields),
            Location = location,
            ExpiresAt = expiresAt,
        };
    }

    public async Task<ObjectReference> UploadAsync(InputUploadRequest request, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (location, _) = Check(request);
        await aws.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            InputStream = content,
            ContentType = request.ContentType,
            AutoCloseStream = false,
        }, cancellationToken).ConfigureAwait(false);
        return location;
    }

    public async Task<UploadedInput?> FindAsync(InputUploadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.JobId.IsEmpty)
        {
            throw new ArgumentException("The job id is empty; get one from NewJobId().", nameof(request));
        }

        var folder = JobFolder.Of(_options.Bucket!, _options.RootPrefix, request.JobId, request.Owner);
        var location = new ObjectReference(folder.Bucket, folder.InputKey(request.Name));
        try
        {
            var metadata = await aws.S3.GetObjectMetadataAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
            return new UploadedInput(location, metadata.ContentLength, metadata.Headers.ContentType);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private (ObjectReference Location, DateTimeOffset ExpiresAt) Check(InputUploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.JobId.IsEmpty)
        {
            throw new ArgumentException("The job id is empty; get one from NewJobId().", nameof(request));
        }

        if (!IsContentType(request.ContentType))
        {
            throw new ArgumentException($"'{request.ContentType}' is not a MIME type such as 'image/png'.", nameof(request));
        }

        var expiresIn = request.ExpiresIn ?? _options.DefaultUploadExpiry;
        if (expiresIn <= TimeSpan.Zero || expiresIn > PresignLimits.MaxExpiry)
        {
            throw new ArgumentException($"ExpiresIn is {expiresIn}; it must be more than zero and at most 7 days (the SigV4 limit).", nameof(request));
        }

        var folder = JobFolder.Of(_options.Bucket!, _options.RootPrefix, request.JobId, request.Owner);
        return (new ObjectReference(folder.Bucket, folder.InputKey(request.Name)), time.GetUtcNow() + expiresIn);
    }

    internal static bool IsContentType(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 255)
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return false;
        }

        // Printable ASCII only: a content type is signed into a header and a policy, where CR, LF or quotes
        // would be a way to smuggle in other fields.
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }
}
