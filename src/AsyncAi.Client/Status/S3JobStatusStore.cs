using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace AsyncAi.Client;

/// <summary>
/// A job status store shared by every instance of a backend: one object per job at <c>{root}_status/{jobId}.json</c>,
/// or <c>{root}_status/owner={owner}/{jobId}.json</c> for an owner's job (<see cref="JobStorageLayout.StatusKey"/>).
/// Each write is conditional on the object being unchanged since it was read (<c>If-Match</c> on its ETag, or
/// <c>If-None-Match: *</c> for a new job), so that two instances writing at once cannot move a job backwards and a
/// terminal state is never overwritten.
/// </summary>
internal sealed class S3JobStatusStore(ClientAwsClients aws, string bucket, string rootPrefix) : IJobStatusStore
{
    private const int MaxAttempts = 8;

    public string KeyOf(JobId jobId, string? owner) => JobStorageLayout.StatusKey(rootPrefix, jobId, owner);

    public async ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        var key = KeyOf(jobEvent.JobId, jobEvent.Owner);
        var body = JsonSerializer.Serialize(new StatusDocument { LastEvent = jobEvent }, ClientJsonContext.Default.StatusDocument);
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (!JobEventOrdering.Supersedes(current?.LastEvent, jobEvent))
            {
                return false;
            }

            var put = new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body, ContentType = "application/json" };
            if (etag is null)
            {
                put.IfNoneMatch = "*";
            }
            else
            {
                put.IfMatch = etag;
            }

            try
            {
                await aws.S3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception ex) when ((ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) && attempt < MaxAttempts)
            {
                // Another instance wrote in between: read its state and judge again.
            }
        }
    }

    public async ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        var (document, _) = await ReadAsync(KeyOf(jobId, owner), cancellationToken).ConfigureAwait(false);
        return document is null ? null : new JobStatusRecord { JobId = jobId, Owner = owner, LastEvent = document.LastEvent };
    }

    private async Task<(StatusDocument? Document, string? ETag)> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await aws.S3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            var document = await JsonSerializer.DeserializeAsync(response.ResponseStream, ClientJsonContext.Default.StatusDocument, cancellationToken).ConfigureAwait(false);
            return (document, response.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
    }
}
