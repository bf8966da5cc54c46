using System.Net.Http.Headers;
using System.Net.Http.Json;
using AsyncAi.Uploads;

namespace AsyncAi.Worker.Storage;

/// <summary>Asks the backend endpoint for upload URLs over HTTP with the worker's bearer token.</summary>
internal sealed class HttpOutputUploadUrlSource(IHttpClientFactory httpClients, Microsoft.Extensions.Options.IOptions<AsyncAiWorkerOptions> workerOptions) : IOutputUploadUrlSource
{
    private readonly PresignedUploadOptions _options = workerOptions.Value.PresignedUploads;

    public async Task<OutputUploadUrlGrant> GetUploadUrlAsync(OutputUploadUrlRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
        {
            Content = JsonContent.Create(request, UploadsJsonContext.Default.OutputUploadUrlRequest),
        };
        // The job's own credential where the message carried one; the shared token only for jobs without.
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Credential ?? _options.Token);
        using var response = await httpClients.CreateClient(AsyncAiWorkerHttpClients.Uploads).SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // 401/403 (credential), 400 (request), 409 (job completed) and 413 (too large) cannot get better by retrying the job; anything else might.
            var text = $"The upload URL endpoint answered {(int)response.StatusCode} for output '{request.OutputName}' of job {request.JobId}.";
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.RequestEntityTooLarge)
            {
                throw new NonRetryableJobException("upload_refused", text);
            }

            throw new HttpRequestException(text, null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync(UploadsJsonContext.Default.OutputUploadUrlGrant, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("The upload URL endpoint answered with an empty body.");
    }
}
