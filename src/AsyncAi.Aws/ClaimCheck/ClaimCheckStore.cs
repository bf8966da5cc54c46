using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.ClaimCheck;

/// <summary>
/// Keeps job messages that are too large for SQS in S3 and hands the queue a small pointer instead
/// (the claim-check pattern). The producer stores, the worker loads, and the worker deletes the stored body once
/// the job has completed, so large bodies do not pile up in the bucket.
/// </summary>
internal sealed class ClaimCheckStore(IAmazonS3 s3)
{
    /// <summary>Stores a message body in S3 and returns the pointer to send instead.</summary>
    public async Task<WireFormat.ClaimCheck> StoreAsync(ObjectReference location, string body, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            ContentBody = body,
            ContentType = "application/json",
        };
        await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        return new WireFormat.ClaimCheck { ClaimCheckLocation = location, SizeBytes = JobWireFormat.Utf8Length(body) };
    }

    /// <summary>Loads the body a pointer refers to.</summary>
    /// <exception cref="WireFormatException">The stored body is gone.</exception>
    public async Task<string> LoadAsync(WireFormat.ClaimCheck claimCheck, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(claimCheck.ClaimCheckLocation.Bucket, claimCheck.ClaimCheckLocation.Key, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new WireFormatException($"The claim-checked message at {claimCheck.ClaimCheckLocation} no longer exists.", ex);
        }
    }

    /// <summary>Deletes a stored body; a body already gone is not an error.</summary>
    public Task DeleteAsync(WireFormat.ClaimCheck claimCheck, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(claimCheck.ClaimCheckLocation.Bucket, claimCheck.ClaimCheckLocation.Key, cancellationToken);
}
