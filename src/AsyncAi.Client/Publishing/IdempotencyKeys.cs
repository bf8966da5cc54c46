using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace AsyncAi.Client;

/// <summary>
/// Makes publishing idempotent across every instance of a backend with a conditional S3 write
/// (<c>If-None-Match: *</c>) of <c>{root}_idempotency/{sha256}</c>: the first publisher of a key creates the record
/// and sends the job; any later one finds the record and sends nothing. SQS standard queues do not de-duplicate,
/// and an in-process cache would not see the other instances.
/// </summary>
/// <remarks>
/// Two publishes of one key at the same moment are separated by S3 itself (the conditional write fails with 412
/// for the second). The fauxqs emulator ignores <c>If-None-Match</c> on PUT, so there only publishes that do not
/// overlap in time are de-duplicated.
/// <para>
/// The hash covers the owner and the key, so that two tenants who happen to use the same key never receive each
/// other's job id. The record is written before the message is sent and removed again if sending fails, so a retry
/// can publish; a process that dies between the two leaves the key claimed by a job that was never sent.
/// </para>
/// </remarks>
internal sealed class IdempotencyKeys(ClientAwsClients aws, string bucket, string rootPrefix)
{
    private const int MaxAttempts = 5;

    /// <summary>The key of the record for an idempotency key and owner.</summary>
    public string RecordKey(string idempotencyKey, string? owner) => rootPrefix + JobStorageLayout.IdempotencyFolder + Hash(idempotencyKey, owner);

    internal static string Hash(string idempotencyKey, string? owner)
    {
        // '\n' cannot occur in an owner (letters, digits, '-', '_'), so owner and key cannot be confused.
        var material = owner is null ? "\n" + idempotencyKey : owner + "\n" + idempotencyKey;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>Claims the key for a new job, or returns the record of the job that claimed it first.</summary>
    /// <returns><see langword="null"/> when this call claimed the key; the first job's record otherwise.</returns>
    public async Task<IdempotencyRecord?> ClaimAsync(string idempotencyKey, IdempotencyRecord candidate, CancellationToken cancellationToken)
    {
        var key = RecordKey(idempotencyKey, candidate.Owner);
        var body = JsonSerializer.Serialize(candidate, ClientJsonContext.Default.IdempotencyRecord);
        for (var attempt = 1; ; attempt++)
        {
            // Read first: the common repeat (a retried request) is answered without a write, and it is what keeps
            // stores that ignore If-None-Match on PUT (the fauxqs emulator) idempotent for requests that do not race.
            var known = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (known is not null)
            {
                return known;
            }

            try
            {
                await aws.S3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    ContentBody = body,
                    ContentType = "application/json",
                    IfNoneMatch = "*",
                }, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed || ex.StatusCode == HttpStatusCode.Conflict)
            {
                // 412: the key was claimed before. 409: a concurrent conditional write is in flight; read and retry.
                var existing = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    return existing;
                }

                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"The idempotency record {key} kept changing while it was being claimed.", ex);
                }
            }
        }
    }

    /// <summary>Removes a claim after the job could not be sent, so that a retry with the same key publishes.</summary>
    public Task ReleaseAsync(string idempotencyKey, string? owner, CancellationToken cancellationToken) =>
        aws.S3.DeleteObjectAsync(bucket, RecordKey(idempotencyKey, owner), cancellationToken);

    private async Task<IdempotencyRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await aws.S3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(response.ResponseStream, ClientJsonContext.Default.IdempotencyRecord, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The idempotency record {key} is empty.");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
