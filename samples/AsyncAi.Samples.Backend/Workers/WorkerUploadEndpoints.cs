using System.Text.Json;
using AsyncAi.Client;
using AsyncAi.Uploads;
using Microsoft.Extensions.Options;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// <c>POST /worker/upload-urls</c>: presigned PUT URLs for workers that run outside AWS and hold no S3 credentials
/// (docs/aws/workers-outside-aws.md). On only when <c>AsyncAi:Client:WorkerUploads:Token</c> is set, which makes
/// AddAsyncAiClient's <see cref="WorkerUploadUrlIssuer"/> usable; it checks the token in constant time and signs
/// exactly one output key of one job.
/// </summary>
internal static class WorkerUploadEndpoints
{
    public static IEndpointRouteBuilder MapWorkerUploadEndpoints(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<AsyncAiClientOptions>>().Value.WorkerUploads.IsEnabled)
        {
            app.MapPost("/worker/upload-urls", IssueAsync);
        }

        return app;
    }

    private static async Task<IResult> IssueAsync(HttpRequest http, WorkerUploadUrlIssuer issuer, CancellationToken cancellationToken)
    {
        var header = http.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!issuer.IsAuthorized(token))
        {
            // Checked before the body is read: an unauthenticated caller learns nothing about what is valid.
            return TypedResults.Unauthorized();
        }

        OutputUploadUrlRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Body, UploadsJsonContext.Default.OutputUploadUrlRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"The body is not an upload-URL request: {ex.Message}", statusCode: 400);
        }

        if (request is null)
        {
            return TypedResults.Problem("The body is empty.", statusCode: 400);
        }

        try
        {
            var grant = await issuer.IssueAsync(request, token, cancellationToken);
            return TypedResults.Json(grant, UploadsJsonContext.Default.OutputUploadUrlGrant);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: 400);
        }
    }
}
