using AsyncAi.Aws.Messages;

namespace AsyncAi.Client.Tests.Support;

/// <summary>Sends response-queue messages the way a worker does.</summary>
internal static class Responses
{
    /// <summary>A success with one output in the job's own <c>outputs/</c> folder, as a worker reports it.</summary>
    public static JobEvent Succeeded(JobId jobId, string bucket, string? owner = null, string name = "result.json") => new()
    {
        JobId = jobId,
        Owner = owner,
        Type = JobEventType.Succeeded,
        Timestamp = DateTimeOffset.UtcNow,
        JobType = "ocr",
        Attempt = 1,
        WorkerId = "worker-1",
        Completion = new JobCompletion
        {
            JobId = jobId,
            Owner = owner,
            JobType = "ocr",
            Status = JobStatus.Succeeded,
            Attempts = 1,
            WorkerId = "worker-1",
            Outputs =
            [
                new JobOutput
                {
                    Name = name,
                    Location = new ObjectReference(bucket, JobStorageLayout.OutputKey(JobStorageLayout.JobPrefix("jobs/", jobId, owner), name)),
                    SizeBytes = 12,
                    ContentType = "application/json",
                    Sha256 = new string('0', 64),
                },
            ],
        },
    };

    public static JobEvent Progress(JobId jobId, double fraction) => new()
    {
        JobId = jobId,
        Type = JobEventType.Progress,
        Timestamp = DateTimeOffset.UtcNow,
        JobType = "ocr",
        Attempt = 1,
        Progress = fraction,
    };

    public static async Task SendAsync(IAmazonSQS sqs, Uri queueUrl, JobEvent jobEvent, string? eventId = null)
    {
        var message = new EventMessage { EventId = eventId ?? Guid.NewGuid().ToString("N"), Event = jobEvent };
        await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl.AbsoluteUri,
            MessageBody = JobWireFormat.Serialize(message),
            MessageAttributes = MessageAttributes.ToSqs(OutgoingMessages.EventAttributes(message)),
        });
    }

    public static Task SendRawAsync(IAmazonSQS sqs, Uri queueUrl, string body, Dictionary<string, string>? attributes = null) =>
        sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl.AbsoluteUri,
            MessageBody = body,
            MessageAttributes = attributes is null ? null : MessageAttributes.ToSqs(attributes),
        });
}
