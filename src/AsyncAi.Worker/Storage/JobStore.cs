using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Storage;

/// <summary>
/// The S3 side of a job that is not an output: its inputs, its completion record and its cancellation marker,
/// all under the job's prefix (see <see cref="JobStorageLayout"/>).
/// </summary>
internal sealed class JobStore(Func<IAmazonS3> s3, bool recordsEnabled)
{
    /// <summary>Whether completion records and cancellation markers are used (they need S3 access).</summary>
    public bool RecordsEnabled { get; } = recordsEnabled;

    /// <summary>Reads the completion record of a job that already completed; <see langword="null"/> when there is none.</summary>
    public async Task<JobCompletion?> TryReadCompletionAsync(ObjectReference jobPrefix, CancellationToken cancellationToken)
    {
        if (!RecordsEnabled)
        {
            return null;
        }

        try
        {
            using var response = await s3().GetObjectAsync(jobPrefix.Bucket, CompletionKey(jobPrefix), cancellationToken).ConfigureAwait(false);
            return await JobWireFormat.ReadCompletionRecordAsync(response.ResponseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the completion record unless one exists (If-None-Match: *). When another attempt won the race, its
    /// record is returned instead, so that every copy of the job reports the same completion.
    /// </summary>
    public async Task<JobCompletion> WriteCompletionAsync(ObjectReference jobPrefix, JobCompletion completion, CancellationToken cancellationToken)
    {
        if (!RecordsEnabled)
        {
            return completion;
        }

        try
        {
            await s3().PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = jobPrefix.Bucket,
                    Key = CompletionKey(jobPrefix),
                    ContentBody = JobWireFormat.SerializeCompletionRecord(completion),
                    ContentType = "application/json",
                    IfNoneMatch = "*",
                },
                cancellationToken).ConfigureAwait(false);
            return completion;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return await TryReadCompletionAsync(jobPrefix, cancellationToken).ConfigureAwait(false) ?? completion;
        }
    }

    /// <summary>Whether the producer asked for the job to be cancelled.</summary>
    public async Task<bool> IsCancelRequestedAsync(ObjectReference jobPrefix, CancellationToken cancellationToken)
    {
        if (!RecordsEnabled)
        {
            return false;
        }

        try
        {
            await s3().GetObjectMetadataAsync(jobPrefix.Bucket, jobPrefix.Key + JobStorageLayout.CancelObject, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Opens an input for streaming.</summary>
    /// <exception cref="JobInputMissingException">The object does not exist.</exception>
    public async Task<Stream> OpenInputAsync(string name, ObjectReference location, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3().GetObjectAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false);
            return new OwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new JobInputMissingException(name, $"The input '{name}' is not in storage ({location}).", ex);
        }
    }

    public static string CompletionKey(ObjectReference jobPrefix) => jobPrefix.Key + JobStorageLayout.CompletionObject;
}
