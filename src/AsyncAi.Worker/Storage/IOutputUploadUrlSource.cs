using AsyncAi.Uploads;

namespace AsyncAi.Worker;

/// <summary>
/// Gets presigned PUT URLs for outputs, for workers that hold no S3 credentials
/// (<see cref="OutputUploadMode.PresignedUrls"/>). The default calls the backend endpoint in
/// <see cref="PresignedUploadOptions"/>; register your own implementation to use another transport.
/// </summary>
public interface IOutputUploadUrlSource
{
    /// <summary>Gets a URL for one output of one job.</summary>
    /// <param name="request">The job, owner, output name and content type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<OutputUploadUrlGrant> GetUploadUrlAsync(OutputUploadUrlRequest request, CancellationToken cancellationToken);
}
