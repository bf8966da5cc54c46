using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>A job read from a request-queue message.</summary>
/// <param name="Job">The job message, read from the body or from S3 when it was claim-checked.</param>
/// <param name="ClaimCheck">
/// The pointer the queue carried when the body was claim-checked (delete the stored body with
/// <see cref="Storage.S3JobFolders.DeleteRequestAsync"/> once the job has completed); <see langword="null"/> otherwise.
/// </param>
internal sealed record IncomingJob(JobMessage Job, WireFormat.ClaimCheck? ClaimCheck);
