using System.Security.Cryptography;
using AsyncAi.Uploads;

namespace AsyncAi.Worker.Storage;

/// <summary>
/// Uploads through presigned PUT URLs from the backend, for workers with no S3 credentials. A presigned PUT needs
/// the length up front, so the content is first spooled to a temporary file while its SHA-256 is computed. The
/// request carries the job's own upload credential when the job message has one, and the size, which the backend
/// caps and signs; the upload sends the content type exactly as the URL was signed for it, and <c>If-None-Match: *</c>.
/// </summary>
internal sealed class PresignedUrlOutputUploader(IOutputUploadUrlSource urls, IHttpClientFactory httpClients) : IOutputUploader
{
    public async Task<JobOutput> UploadAsync(JobOutputTarget target, Stream content, CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        var spool = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using (spool.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            var sha = hash.GetHashAndReset();
            var size = spool.Length;
            spool.Position = 0;

            var grant = await urls.GetUploadUrlAsync(
                new OutputUploadUrlRequest
                {
                    JobId = target.JobId,
                    Owner = target.Owner,
                    OutputName = target.Name,
                    ContentType = target.ContentType,
                    SizeBytes = size,
                    Credential = target.UploadCredential,
                },
                cancellationToken).ConfigureAwait(false);

            using var request = new HttpRequestMessage(HttpMethod.Put, grant.Url) { Content = new StreamContent(spool) };
            // Not MediaTypeHeaderValue.Parse: it re-formats ("text/plain;charset=utf-8" gains a space) and SigV4
            // compares the header byte for byte with what was signed.
            if (!request.Content.Headers.TryAddWithoutValidation("Content-Type", grant.ContentType))
            {
                throw new NonRetryableJobException("upload_refused", $"The content type '{grant.ContentType}' of output '{target.Name}' cannot be sent as a header.");
            }

            request.Content.Headers.ContentLength = size;
            // Signed into the URL by the backend: the upload never replaces an output that is already there.
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
            using var response = await httpClients.CreateClient(AsyncAiWorkerHttpClients.Uploads).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Uploading output '{target.Name}' of job {target.JobId} to its presigned URL failed with {(int)response.StatusCode}.", null, response.StatusCode);
            }

            return new JobOutput
            {
                Name = target.Name,
                Location = grant.Location,
                SizeBytes = size,
                ContentType = target.ContentType,
                Sha256 = Convert.ToHexStringLower(sha),
            };
        }
    }
}
