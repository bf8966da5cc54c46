using System.Net;
using Amazon.S3;
using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>
/// Reads the completion record a worker writes at <c>{jobPrefix}_completion.json</c>: the last word on a job when the
/// status store knows nothing of it (an event lost to a misconfigured queue, a store that forgot the job). The record
/// is read by the worker's own reader (<see cref="S3JobFolders.ReadCompletionAsync"/>), so the client judges its
/// version <c>"v"</c> exactly as the worker does. The job's id and owner give its folder, so a record is only ever
/// read from the folder of the job asked about.
/// </summary>
internal sealed class CompletionRecords(ClientAwsClients aws, string bucket, string rootPrefix, ILogger<CompletionRecords> logger)
{
    private readonly S3JobFolders _folders = new(() => aws.S3);

    /// <summary>The terminal event the record describes, or <see langword="null"/> when there is no (readable) record.</summary>
    public async Task<JobEvent?> TryReadAsync(JobKey job, CancellationToken cancellationToken)
    {
        var folder = JobFolder.Of(bucket, rootPrefix, job.JobId, job.Owner);
        try
        {
            var completion = await _folders.ReadCompletionAsync(folder, cancellationToken).ConfigureAwait(false);

            if (completion is null || completion.JobId != job.JobId || (completion.Owner is not null && completion.Owner != job.Owner))
            {
                return null;
            }

            // The record's place says whose job it is; a record written before completions carried owners has none.
            return CompletionEvent.Of(completion with { Owner = job.Owner }, DateTimeOffset.MinValue);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            // Without s3:ListBucket, S3 answers a missing object with 403 rather than 404: the client may hold only GetObject.
            return null;
        }
        catch (WireFormatException ex)
        {
            Log.CompletionRecordUnreadable(logger, ex, job.JobId, $"s3://{folder.Bucket}/{folder.CompletionKey}");
            return null;
        }
    }
}
