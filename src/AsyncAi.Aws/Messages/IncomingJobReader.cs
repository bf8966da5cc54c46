using Amazon.SQS.Model;
using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>
/// Reads a request-queue message into a <see cref="JobMessage"/>, the one way every worker reads jobs: the version
/// attribute is judged before the body, claim checks are resolved from S3 transparently, and anything that is not a
/// job of this wire version becomes a <see cref="WireFormatException"/> (or <see cref="UnsupportedWireVersionException"/>).
/// </summary>
internal sealed class IncomingJobReader(S3JobFolders folders)
{
    /// <summary>The most a claim-checked body may be larger than it declared, for encodings that count differently.</summary>
    private const long ClaimCheckSlackBytes = 4096;

    /// <summary>The largest claim-checked body read when the pointer declares no size.</summary>
    public const long MaxClaimCheckBytes = 64L * 1024 * 1024;

    /// <summary>Reads the job a message carries.</summary>
    /// <param name="message">A message received from the request queue, with its message attributes.</param>
    /// <param name="cancellationToken">Cancels the S3 read of a claim-checked body.</param>
    /// <exception cref="WireFormatException">The message is not a job of this wire version, or its claim-checked body is gone.</exception>
    public async Task<IncomingJob> ReadAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        WireVersionAttribute.Check(message);
        var kind = MessageAttributes.Get(message, MessageAttributeNames.BodyKind);
        switch (kind)
        {
            case null or BodyKinds.Job:
                return new IncomingJob(Checked(JobWireFormat.DeserializeJob(message.Body ?? string.Empty), message), null);

            case BodyKinds.ClaimCheck:
                var claimCheck = JobWireFormat.DeserializeClaimCheck(message.Body ?? string.Empty);
                var location = claimCheck.ClaimCheckLocation;

                // A message may come from anyone who can send to the queue: follow a pointer only to the claim-check
                // body of the job the message names, never to another job's request or to any other object.
                var jobId = MessageAttributes.Get(message, MessageAttributeNames.JobId);
                if (string.IsNullOrEmpty(jobId) || !JobFolder.IsRequestKeyOf(location.Key, jobId))
                {
                    throw new WireFormatException($"The claim check points at {location}, which is not the '{JobStorageLayout.RequestObject}' of the job the message names.");
                }

                var limit = claimCheck.SizeBytes > 0 ? Math.Min(claimCheck.SizeBytes + ClaimCheckSlackBytes, MaxClaimCheckBytes) : MaxClaimCheckBytes;
                var body = await folders.LoadRequestAsync(location, limit, cancellationToken).ConfigureAwait(false);
                var job = Checked(JobWireFormat.DeserializeJob(body), message);
                if (!string.Equals(JobFolder.Of(job.OutputPrefix).RequestKey, location.Key, StringComparison.Ordinal)
                    || !string.Equals(job.OutputPrefix.Bucket, location.Bucket, StringComparison.Ordinal))
                {
                    throw new WireFormatException($"The claim check points at {location}, outside the folder of job {job.JobId}.");
                }

                return new IncomingJob(job, claimCheck);

            default:
                throw new WireFormatException($"The message is a '{kind}', not a job; it does not belong on a request queue.");
        }
    }

    private static JobMessage Checked(JobMessage job, Message message)
    {
        var attributeJobId = MessageAttributes.Get(message, MessageAttributeNames.JobId);
        if (attributeJobId is not null && !string.Equals(attributeJobId, job.JobId.Value, StringComparison.Ordinal))
        {
            throw new WireFormatException($"The message's job-id attribute '{attributeJobId}' does not match the job id '{job.JobId}' in its body.");
        }

        return job;
    }
}
