namespace AsyncAi.Worker.Storage;

/// <summary>Puts one output in S3 and reports what it stored.</summary>
internal interface IOutputUploader
{
    /// <summary>Streams <paramref name="content"/> to the output's key, computing its SHA-256 on the way.</summary>
    Task<JobOutput> UploadAsync(JobOutputTarget target, Stream content, CancellationToken cancellationToken);
}

/// <summary>One output to write.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Owner">The job's owner.</param>
/// <param name="JobPrefix">The job's bucket and prefix.</param>
/// <param name="Name">The validated output name.</param>
/// <param name="ContentType">The MIME type.</param>
/// <param name="UploadCredential">The job's own upload credential from its message, for presigned-URL uploads.</param>
internal sealed record JobOutputTarget(JobId JobId, string? Owner, ObjectReference JobPrefix, string Name, string ContentType, string? UploadCredential = null);
