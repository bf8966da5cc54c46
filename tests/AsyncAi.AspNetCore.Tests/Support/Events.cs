namespace AsyncAi.AspNetCore.Tests.Support;

/// <summary>
/// Job events as a worker reports them, handed to the backend's SDK receiver (the path response-queue and webhook
/// events take), so that event-stream tests control exactly what happens when.
/// </summary>
internal static class Events
{
    /// <param name="owner">The job's owner: the user's (alice's jobs have the owner "alice"), null for anonymous users.</param>
    public static Task SendAsync(BackendApp backend, JobId jobId, JobEventType type, double? progress = null, JobCompletion? completion = null, int attempt = 1, string? owner = null) =>
        backend.Services.GetRequiredService<IJobEventReceiver>().ReceiveAsync(new EventMessage
        {
            EventId = $"{jobId}-{type}-{progress}-{Guid.NewGuid():N}",
            Event = new JobEvent
            {
                JobId = jobId,
                Owner = owner,
                Type = type,
                Timestamp = DateTimeOffset.UtcNow,
                JobType = "echo",
                Progress = progress,
                Attempt = attempt,
                WorkerId = "test-worker",
                Message = type == JobEventType.Progress ? $"at {progress}" : null,
                Completion = completion,
            },
        }).AsTask();

    public static JobCompletion Succeeded(JobId jobId, BackendApp backend, string? owner = null) => new()
    {
        JobId = jobId,
        Owner = owner,
        JobType = "echo",
        Status = JobStatus.Succeeded,
        Attempts = 1,
        WorkerId = "test-worker",
        Outputs =
        [
            new JobOutput
            {
                Name = "result.txt",
                Location = new ObjectReference(backend.Resources.Bucket, JobStorageLayout.OutputKey(JobStorageLayout.JobPrefix("jobs/", jobId, owner), "result.txt")),
                SizeBytes = 3,
                ContentType = "text/plain",
                Sha256 = new string('0', 64),
            },
        ],
    };
}
