using System.Net;
using System.Text.Json;
using Amazon.S3;
using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>
/// Reads the completion record a worker writes at <c>{jobPrefix}_completion.json</c>: the last word on a job when the
/// status store knows nothing of it (an event lost to a misconfigured queue, a store that forgot the job). The
/// record is read as a <see cref="JobCompletion"/>, or as an <see cref="EventMessage"/> whose event carries one. The
/// job's id and owner give its folder, so a record is only ever read from the folder of the job asked about.
/// </summary>
internal sealed class CompletionRecords(ClientAwsClients aws, string bucket, string rootPrefix, ILogger<CompletionRecords> logger)
{
    /// <summary>The terminal event the record describes, or <see langword="null"/> when there is no (readable) record.</summary>
    public async Task<JobEvent?> TryReadAsync(JobKey job, CancellationToken cancellationToken)
    {
        var key = JobFolder.Of(bucket, rootPrefix, job.JobId, job.Owner).CompletionKey;
        try
        {
            using var response = await aws.S3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(response.ResponseStream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var jobEvent = Read(document.RootElement);

            // The record's place says whose job it is; a record written before events carried owners has none.
            return jobEvent is { IsTerminal: true } && jobEvent.JobId == job.JobId && (jobEvent.Owner is null || jobEvent.Owner == job.Owner)
                ? WithOwner(jobEvent, job.Owner)
                : null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
        catch (JsonException ex)
        {
            Log.CompletionRecordUnreadable(logger, ex, job.JobId, $"s3://{bucket}/{key}");
            return null;
        }
    }

    private static JobEvent WithOwner(JobEvent jobEvent, string? owner) => jobEvent.Owner == owner
        ? jobEvent
        : jobEvent with { Owner = owner, Completion = jobEvent.Completion is { } completion ? completion with { Owner = owner } : null };

    internal static JobEvent? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("event", out var eventElement))
        {
            return eventElement.Deserialize(WireJsonContext.Default.JobEvent);
        }

        var completion = root.TryGetProperty("completion", out var nested)
            ? nested.Deserialize(WireJsonContext.Default.JobCompletion)
            : root.Deserialize(WireJsonContext.Default.JobCompletion);
        return completion is null ? null : CompletionEvent.Of(completion, DateTimeOffset.MinValue);
    }
}
