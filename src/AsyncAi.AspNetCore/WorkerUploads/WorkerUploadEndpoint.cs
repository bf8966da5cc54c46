using System.Text.Json;
using AsyncAi.Client;
using AsyncAi.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>
/// The handler behind <c>MapAsyncAiWorkerUploads</c>: presigned PUT URLs for workers that run outside AWS. The
/// worker presents its job's own credential (or, where the backend opted in, the shared token) as a bearer token;
/// the SDK's <see cref="WorkerUploadUrlIssuer"/> checks it against the job named in the body, refuses finished jobs
/// and outputs over the size cap, and signs one key, one content type and one length.
/// </summary>
internal static class WorkerUploadEndpoint
{
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task<IResult> IssueAsync(HttpContext http, WorkerUploadUrlIssuer issuer, IOptions<AsyncAiEndpointsOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("AsyncAi.AspNetCore.WorkerUploads");
        if (!TransportSecurity.IsAcceptable(http, options.Value.RequireHttpsOutsideLoopback))
        {
            Log.HttpsRequired(logger, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
            return Problems.HttpsRequired();
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "credential_missing", "Present the job's upload credential as a bearer token.");
        }

        var credential = header["Bearer ".Length..].Trim();
        var bytes = await BoundedBody.ReadAsync(http, MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (bytes is null)
        {
            return Problems.Of(StatusCodes.Status413RequestEntityTooLarge, "body_too_large", $"The body is larger than {MaxBodyBytes} bytes.");
        }

        OutputUploadUrlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(bytes, UploadsJsonContext.Default.OutputUploadUrlRequest);
        }
        catch (JsonException)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid_request", "The body is not an upload-URL request.");
        }

        if (request is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid_request", "The body is empty.");
        }

        try
        {
            var grant = await issuer.IssueAsync(request, credential, http.RequestAborted).ConfigureAwait(false);
            return TypedResults.Json(grant, UploadsJsonContext.Default.OutputUploadUrlGrant);
        }
        catch (UnauthorizedAccessException)
        {
            Log.WorkerUploadRefused(logger, request.JobId.ToString(), "the credential is not valid for this job");
            return Problems.Of(StatusCodes.Status401Unauthorized, "credential_invalid", "The credential is not valid for this job.");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Log.WorkerUploadRefused(logger, request.JobId.ToString(), "the output is over the size cap");
            return Problems.Of(StatusCodes.Status413RequestEntityTooLarge, "output_too_large", ex.Message.Split(Environment.NewLine)[0]);
        }
        catch (ArgumentException ex)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid_request", ex.Message.Split(Environment.NewLine)[0]);
        }
        catch (InvalidOperationException ex)
        {
            Log.WorkerUploadRefused(logger, request.JobId.ToString(), "the job has completed");
            return Problems.Of(StatusCodes.Status409Conflict, "job_completed", ex.Message);
        }
    }
}
