using AsyncAi.Aws.Sqs;
using AsyncAi.WireFormat;

namespace AsyncAi.Client;

/// <summary>One job on its way to the queue: its message, the body and attributes to send, and their SQS size.</summary>
internal sealed class OutgoingJob(JobRequest request, JobMessage job, ObjectReference prefix)
{
    public JobRequest Request { get; } = request;

    public JobMessage Job { get; } = job;

    public ObjectReference Prefix { get; } = prefix;

    public string Body { get; set; } = string.Empty;

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public bool ClaimChecked { get; set; }

    public int SizeBytes => SqsMessageSize.Of(Body, Attributes);

    public PublishedJob ToPublished(bool duplicate = false) => new()
    {
        JobId = Job.JobId,
        Owner = Job.Owner,
        JobType = Job.JobType,
        Prefix = Prefix,
        QueuedAt = Job.CreatedAt,
        IsDuplicate = duplicate,
    };
}
