using AsyncAi.WireFormat;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Pipeline;

namespace AsyncAi.Worker.Storage;

/// <summary>A job's inputs read from S3 and its outputs written by the configured uploader (direct S3 or presigned URLs).</summary>
internal sealed class S3JobFiles(S3JobFolders folders, IOutputUploader uploader) : IJobFiles
{
    public Task<Stream> OpenInputAsync(JobMessage job, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Inputs.TryGetValue(name, out var location)
            ? folders.OpenInputAsync(name, location, cancellationToken)
            : throw new JobInputMissingException(name, $"The job has no input named '{name}'.");
    }

    public IJobOutputWriter CreateOutputWriter(JobMessage job, CancellationToken jobToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobOutputWriter(uploader, job.JobId, job.Owner, job.OutputPrefix, jobToken, job.Metadata.GetValueOrDefault(Uploads.OutputUploadCredential.MetadataKey));
    }
}
