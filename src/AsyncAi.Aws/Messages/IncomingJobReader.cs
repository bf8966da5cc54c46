using Amazon.SQS.Model;
using AsyncAi.Aws.ClaimCheck;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>
/// Reads a request-queue message into a <see cref="JobMessage"/>, the one way every worker reads jobs: the version
/// attribute is judged before the body, claim checks are resolved from S3 transparently, and anything that is not a
/// job of this wire version becomes a <see cref="WireFormatException"/> (or <see cref="UnsupportedWireVersionException"/>).
/// </summary>
internal sealed class IncomingJobReader(ClaimCheckStore claimChecks)
{
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

                // A message may come from anyone who can send to the queue: only follow pointers to claim-check
                // bodies, never to arbitrary objects such as another job's inputs.
                if (!claimCheck.ClaimCheckLocation.Key.EndsWith("/" + JobStorageLayout.RequestObject, StringComparison.Ordinal))
                {
                    throw new WireFormatException($"The claim check points at {claimCheck.ClaimCheckLocation}, which is not a '{JobStorageLayout.RequestObject}' object.");
                }

                var body = await claimChecks.LoadAsync(claimCheck, cancellationToken).ConfigureAwait(false);
                return new IncomingJob(Checked(JobWireFormat.DeserializeJob(body), message), claimCheck);

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
