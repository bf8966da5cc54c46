namespace AsyncAi.Client;

/// <summary>
/// Gets job inputs into S3: presigned PUT and POST requests that let a browser upload straight to the job's
/// <c>inputs/</c> folder (the backend never touches the bytes), or a server-side upload from a stream.
/// Every key is confined to <c>{root}{owner/}{jobId}/inputs/{name}</c>; names are checked with
/// <see cref="StorageNames.ValidateFileName"/>, so a name such as <c>../x</c> is rejected.
/// </summary>
/// <example>
/// <code>
/// var jobId = uploads.NewJobId();
/// var upload = await uploads.CreatePresignedPostAsync(new InputUploadRequest(jobId, "image", "image/png") { MaxBytes = 10_000_000 });
/// // ... the browser posts the file with upload.Fields to upload.Url, then:
/// await publisher.PublishAsync(new JobRequest("ocr") { JobId = jobId, Inputs = new Dictionary&lt;string, ObjectReference&gt; { ["image"] = upload.Location } });
/// </code>
/// </example>
public interface IInputUploads
{
    /// <summary>Hands out a new, time-sortable job id, so that inputs can be uploaded under the job's prefix before it is published.</summary>
    JobId NewJobId();

    /// <summary>
    /// Makes a presigned PUT URL for one input. The browser must send the returned <see cref="PresignedUpload.Headers"/>
    /// (the Content-Type is signed). A PUT URL cannot limit the size of the upload; use
    /// <see cref="CreatePresignedPostAsync"/> when the size must be capped.
    /// </summary>
    /// <param name="request">The job, input name, content type and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name, owner, content type or expiry is invalid.</exception>
    Task<PresignedUpload> CreatePresignedPutAsync(InputUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a presigned POST (an HTML form upload) for one input. Its policy pins the bucket, the exact key, the
    /// Content-Type and a content-length-range of 1 to <see cref="InputUploadRequest.MaxBytes"/> bytes, so S3 itself
    /// rejects a larger file or another type.
    /// </summary>
    /// <param name="request">The job, input name, content type, size limit and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name, owner, content type, size limit or expiry is invalid.</exception>
    Task<PresignedUpload> CreatePresignedPostAsync(InputUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Uploads one input from the server, streamed.</summary>
    /// <param name="request">The job, input name and content type (expiry and size limit are not used).</param>
    /// <param name="content">The content; read to its end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Where the input now is, for <see cref="JobRequest.Inputs"/>.</returns>
    Task<ObjectReference> UploadAsync(InputUploadRequest request, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks up an input that was uploaded (by a browser through a presigned request, or by <see cref="UploadAsync"/>),
    /// for example to check that it is there before the job is published.
    /// </summary>
    /// <param name="request">The job, owner and input name (content type, expiry and size limit are not used).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored input, or <see langword="null"/> when nothing was uploaded under that key.</returns>
    Task<UploadedInput?> FindAsync(InputUploadRequest request, CancellationToken cancellationToken = default);
}
