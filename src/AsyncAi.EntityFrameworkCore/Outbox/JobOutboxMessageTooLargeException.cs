namespace AsyncAi.EntityFrameworkCore;

/// <summary>A job request is larger than the outbox stores (<see cref="JobOutboxOptions.MaxMessageBytes"/>); nothing was written.</summary>
public sealed class JobOutboxMessageTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The id the job would have had.</param>
    /// <param name="sizeBytes">The request's size as stored.</param>
    /// <param name="maxBytes">The limit.</param>
    public JobOutboxMessageTooLargeException(JobId jobId, long sizeBytes, long maxBytes)
        : base($"Job {jobId} is {sizeBytes} bytes as stored, more than the outbox's limit of {maxBytes} (AsyncAi:Outbox:MaxMessageBytes); pass large parameters as an S3 input.")
    {
        JobId = jobId;
        SizeBytes = sizeBytes;
        MaxBytes = maxBytes;
    }

    /// <summary>The id the job would have had.</summary>
    public JobId JobId { get; }

    /// <summary>The request's size as stored, in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>The limit, in bytes.</summary>
    public long MaxBytes { get; }
}
