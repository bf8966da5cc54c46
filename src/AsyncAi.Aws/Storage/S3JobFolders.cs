using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Storage;

/// <summary>
/// Every S3 call on the objects of a job's folder that are not outputs: the completion record (written once,
/// conditionally), the cancellation marker, the claim-checked request body, and inputs. Expected absences are
/// answered by one ListObjectsV2 call over the folder's control objects, never by catching a 404: an SDK exception
/// costs far more than the request it reports on.
/// </summary>
internal sealed class S3JobFolders(Func<IAmazonS3> s3)
{
    /// <summary>Which control objects the folder holds (one ListObjectsV2 call).</summary>
    public async Task<JobMarkers> ReadMarkersAsync(JobFolder folder, CancellationToken cancellationToken)
    {
        var response = await s3().ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = folder.Bucket, Prefix = folder.ControlObjectsPrefix, MaxKeys = 20 },
            cancellationToken).ConfigureAwait(false);
        var completed = false;
        var cancelled = false;
        foreach (var entry in response.S3Objects ?? [])
        {
            completed |= string.Equals(entry.Key, folder.CompletionKey, StringComparison.Ordinal);
            cancelled |= string.Equals(entry.Key, folder.CancelKey, StringComparison.Ordinal);
        }

        return new JobMarkers(completed, cancelled);
    }

    /// <summary>The completion record, or <see langword="null"/> when the job has none.</summary>
    public async Task<JobCompletion?> TryReadCompletionAsync(JobFolder folder, CancellationToken cancellationToken)
    {
        var markers = await ReadMarkersAsync(folder, cancellationToken).ConfigureAwait(false);
        return markers.Completed ? await ReadCompletionAsync(folder, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Writes the completion record unless one exists (<c>If-None-Match: *</c>). When another writer won the race
    /// (another copy of the job, or a cancel that came first), its record is returned instead, so every copy of the
    /// job reports the same completion.
    /// </summary>
    public async Task<JobCompletion> WriteCompletionAsync(JobFolder folder, JobCompletion completion, CancellationToken cancellationToken)
    {
        try
        {
            await s3().PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = folder.Bucket,
                    Key = folder.CompletionKey,
                    InputStream = new MemoryStream(JobWireFormat.SerializeCompletionRecordUtf8(completion), writable: false),
                    ContentType = "application/json",
                    IfNoneMatch = "*",
                },
                cancellationToken).ConfigureAwait(false);
            return completion;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return await ReadCompletionAsync(folder, cancellationToken).ConfigureAwait(false) ?? completion;
        }
    }

    /// <summary>
    /// Cancels a job: the marker a running job's worker looks for, then a Cancelled completion record unless the job
    /// already has one, so that a job cancelled before it started ends as cancelled whichever worker takes it.
    /// </summary>
    /// <returns>The job's completion: the cancellation, or the one the job already had.</returns>
    public async Task<JobCompletion> RequestCancelAsync(JobFolder folder, JobCompletion cancelled, string markerBody, CancellationToken cancellationToken)
    {
        await s3().PutObjectAsync(
            new PutObjectRequest { BucketName = folder.Bucket, Key = folder.CancelKey, ContentBody = markerBody, ContentType = "application/json" },
            cancellationToken).ConfigureAwait(false);
        return await WriteCompletionAsync(folder, cancelled, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a job message that is too large for the queue and returns the pointer to send instead.</summary>
    public async Task<WireFormat.ClaimCheck> StoreRequestAsync(JobFolder folder, string body, CancellationToken cancellationToken)
    {
        await s3().PutObjectAsync(
            new PutObjectRequest { BucketName = folder.Bucket, Key = folder.RequestKey, ContentBody = body, ContentType = "application/json" },
            cancellationToken).ConfigureAwait(false);
        return new WireFormat.ClaimCheck { ClaimCheckLocation = new ObjectReference(folder.Bucket, folder.RequestKey), SizeBytes = JobWireFormat.Utf8Length(body) };
    }

    /// <summary>Loads a claim-checked job message, reading at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="WireFormatException">The body is gone, or larger than allowed.</exception>
    public async Task<string> LoadRequestAsync(ObjectReference location, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3().GetObjectAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength > maxBytes)
            {
                throw new WireFormatException($"The claim-checked message at {location} is {response.ContentLength} bytes; at most {maxBytes} are read.");
            }

            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new WireFormatException($"The claim-checked message at {location} no longer exists.", ex);
        }
    }

    /// <summary>Deletes a claim-checked body; one already gone is not an error.</summary>
    public Task DeleteRequestAsync(ObjectReference location, CancellationToken cancellationToken) =>
        s3().DeleteObjectAsync(location.Bucket, location.Key, cancellationToken);

    /// <summary>Opens an input for streaming; the caller disposes the stream, which ends the response.</summary>
    /// <exception cref="JobInputMissingException">The object does not exist.</exception>
    public async Task<Stream> OpenInputAsync(string name, ObjectReference location, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3().GetObjectAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
            return new ResponseOwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new JobInputMissingException(name, $"The input '{name}' is not in storage.", ex);
        }
    }

    /// <summary>Reads the completion record; <see langword="null"/> when it is gone. Call after <see cref="ReadMarkersAsync"/> saw it.</summary>
    public async Task<JobCompletion?> ReadCompletionAsync(JobFolder folder, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3().GetObjectAsync(folder.Bucket, folder.CompletionKey, cancellationToken).ConfigureAwait(false);
            return await JobWireFormat.ReadCompletionRecordAsync(response.ResponseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Listed a moment ago, gone now (a lifecycle rule): as good as never written.
            return null;
        }
    }
}
