using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>The string attributes each kind of AsyncAi message carries, written in one place for producer and worker.</summary>
internal static class OutgoingMessages
{
    /// <summary>The attributes of a response-queue event message.</summary>
    public static Dictionary<string, string> EventAttributes(EventMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.WireVersion] = WireVersionAttribute.Current,
            [MessageAttributeNames.BodyKind] = BodyKinds.Event,
            [MessageAttributeNames.JobId] = message.Event.JobId.Value,
        };
        if (message.Event.JobType is { } jobType)
        {
            attributes[MessageAttributeNames.JobType] = jobType;
        }

        return attributes;
    }

    /// <summary>The attributes of a request-queue message (a job, or a claim check that points at one).</summary>
    public static Dictionary<string, string> JobAttributes(JobMessage job, bool claimChecked)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.WireVersion] = WireVersionAttribute.Current,
            [MessageAttributeNames.BodyKind] = claimChecked ? BodyKinds.ClaimCheck : BodyKinds.Job,
            [MessageAttributeNames.JobId] = job.JobId.Value,
            [MessageAttributeNames.JobType] = job.JobType,
        };
    }
}
