using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>The string attributes each kind of AsyncAi message carries, written in one place for producer and worker.</summary>
internal static class OutgoingMessages
{
    /// <summary>The attributes of a response-queue event message.</summary>
    /// <remarks>An array, not a dictionary: every event builds one on the worker's hot path, and nothing looks them up.</remarks>
    public static KeyValuePair<string, string>[] EventAttributes(EventMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var version = KeyValuePair.Create(MessageAttributeNames.WireVersion, WireVersionAttribute.Current);
        var kind = KeyValuePair.Create(MessageAttributeNames.BodyKind, BodyKinds.Event);
        var jobId = KeyValuePair.Create(MessageAttributeNames.JobId, message.Event.JobId.Value);
        return message.Event.JobType is { } jobType
            ? [version, kind, jobId, KeyValuePair.Create(MessageAttributeNames.JobType, jobType)]
            : [version, kind, jobId];
    }

    /// <summary>The attributes of a request-queue message (a job, or a claim check that points at one).</summary>
    /// <param name="job">The job.</param>
    /// <param name="claimChecked">Whether the body is a claim check.</param>
    /// <param name="resend">Whether the job may have been sent before under its id (<see cref="MessageAttributeNames.Resend"/>).</param>
    public static Dictionary<string, string> JobAttributes(JobMessage job, bool claimChecked, bool resend = false)
    {
        ArgumentNullException.ThrowIfNull(job);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.WireVersion] = WireVersionAttribute.Current,
            [MessageAttributeNames.BodyKind] = claimChecked ? BodyKinds.ClaimCheck : BodyKinds.Job,
            [MessageAttributeNames.JobId] = job.JobId.Value,
            [MessageAttributeNames.JobType] = job.JobType,
        };
        if (resend)
        {
            attributes[MessageAttributeNames.Resend] = "1";
        }

        return attributes;
    }
}
