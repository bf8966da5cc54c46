using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using AsyncAi.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// The page's API: create a job (and get a presigned upload URL), start it once the image is in S3, read it, and
/// follow it as server-sent events.
/// </summary>
internal static class JobEndpoints
{
    // What the OCR job decodes; anything else is refused before a URL is handed out.
    private static readonly HashSet<string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp",
    };

    private const string InputName = "image";

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs");
        jobs.MapPost("/", CreateAsync);
        jobs.MapPost("/{id}/start", StartAsync);
        jobs.MapGet("/{id}", GetAsync);
        jobs.MapGet("/{id}/events", Events);
        return app;
    }

    private static async Task<Results<Ok<CreateJobResponse>, ProblemHttpResult>> CreateAsync(
        CreateJobRequest request, IInputUploads uploads, IOptions<BackendOptions> options, CancellationToken cancellationToken)
    {
        if (request.ContentType is null || !ImageTypes.Contains(request.ContentType))
        {
            return TypedResults.Problem($"Choose a PNG, JPEG, WebP, GIF or BMP image (got '{request.ContentType}').", statusCode: 400);
        }

        if (request.SizeBytes is { } size && (size <= 0 || size > options.Value.MaxUploadBytes))
        {
            return TypedResults.Problem($"The image must be between 1 byte and {options.Value.MaxUploadBytes / (1024 * 1024)} MiB.", statusCode: 400);
        }

        var jobId = uploads.NewJobId();
        var upload = await uploads.CreatePresignedPutAsync(new InputUploadRequest(jobId, InputName, request.ContentType), cancellationToken);
        var id = jobId.Value;
        return TypedResults.Ok(new CreateJobResponse(
            id,
            new UploadInstructions(upload.Url, upload.Method, upload.Headers, upload.ExpiresAt),
            $"/api/jobs/{id}/start",
            $"/api/jobs/{id}",
            $"/api/jobs/{id}/events"));
    }

    private static async Task<Results<Accepted<JobView>, ProblemHttpResult>> StartAsync(
        string id, IJobPublisher publisher, IOptions<AsyncAiClientOptions> client, IOptions<BackendOptions> options, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId))
        {
            return TypedResults.Problem("That is not a job id.", statusCode: 400);
        }

        // The input's key follows from the job id, so the browser cannot point the job at anyone else's object.
        var prefix = JobStorageLayout.JobPrefix(client.Value.RootPrefix, jobId, owner: null);
        var image = new ObjectReference(client.Value.Bucket!, JobStorageLayout.InputKey(prefix, InputName));
        await publisher.PublishAsync(
            new JobRequest(options.Value.JobType)
            {
                JobId = jobId,
                Inputs = new Dictionary<string, ObjectReference> { [InputName] = image },

                // A second click on "start" publishes nothing new.
                IdempotencyKey = jobId.Value,
            },
            cancellationToken);
        return TypedResults.Accepted($"/api/jobs/{id}", new JobView(id, "queued", null, null, false, null, null));
    }

    private static async Task<Results<Ok<JobView>, NotFound, ProblemHttpResult>> GetAsync(
        string id, IJobStatusStore status, JobViews views, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId))
        {
            return TypedResults.Problem("That is not a job id.", statusCode: 400);
        }

        var record = await status.GetAsync(jobId, cancellationToken);
        return record is null ? TypedResults.NotFound() : TypedResults.Ok(await views.FromEventAsync(record.LastEvent, cancellationToken));
    }

    private static Results<ServerSentEventsResult<JobView>, ProblemHttpResult> Events(
        string id, IJobEvents events, JobViews views, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId))
        {
            return TypedResults.Problem("That is not a job id.", statusCode: 400);
        }

        return TypedResults.ServerSentEvents(StreamAsync(jobId, events, views, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<JobView>> StreamAsync(
        JobId jobId, IJobEvents events, JobViews views, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The SDK yields the job's latest state first, then each new event, and ends after the terminal one.
        await foreach (var jobEvent in events.WatchAsync(jobId, cancellationToken))
        {
            var view = await views.FromEventAsync(jobEvent, cancellationToken);
            yield return new SseItem<JobView>(view, view.State);
        }
    }
}
