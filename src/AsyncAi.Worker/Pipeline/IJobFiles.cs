using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Pipeline;

/// <summary>Where a job's inputs come from and its outputs go: S3 (directly or by presigned URL), or memory in tests.</summary>
internal interface IJobFiles
{
    /// <summary>Opens one of the job's inputs.</summary>
    /// <exception cref="JobInputMissingException">The job has no such input, or it is not in storage.</exception>
    Task<Stream> OpenInputAsync(JobMessage job, string name, CancellationToken cancellationToken);

    /// <summary>A writer for the outputs of one attempt; its <see cref="IJobOutputWriter.Written"/> lists them for the completion.</summary>
    /// <param name="job">The job.</param>
    /// <param name="jobToken">The attempt's token, linked into every upload.</param>
    IJobOutputWriter CreateOutputWriter(JobMessage job, CancellationToken jobToken);
}

