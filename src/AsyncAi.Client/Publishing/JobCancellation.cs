using System.Text.Json;
using AsyncAi.Aws.Storage;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Cancels a published job (<see cref="IJobPublisher.CancelAsync"/>): writes the cancel marker and, unless the job
/// already finished, its cancelled completion, then tells this instance's watchers. Kept apart from sending, which
/// needs neither the status store nor the event side.
/// </summary>
internal sealed class JobCancellation(
    ClientAwsClients aws,
    IOptions<AsyncAiClientOptions> options,
    JobEventDispatcher events,
    IJobStatusStore status,
    TimeProvider time)
{
    private readonly AsyncAiClientOptions _options = options.Value;
    private readonly S3JobFolders _folders = new(() => aws.S3);

    /// <summary>Cancels the job; see <see cref="IJobPublisher.CancelAsync"/>.</summary>
    public async Task CancelAsync(JobId jobId, string? owner, CancellationToken cancellationToken)
    {
        var folder = JobFolder.Of(_options.Bucket!, _options.RootPrefix, jobId, owner);
        var now = time.GetUtcNow();
        var marker = JsonSerializer.Serialize(new CancelRequest { JobId = jobId, RequestedAt = now }, ClientJsonContext.Default.CancelRequest);
        var cancelled = new JobCompletion
        {
            JobId = jobId,
            Owner = owner,
            JobType = await KnownJobTypeAsync(jobId, owner, cancellationToken).ConfigureAwait(false),
            Status = JobStatus.Cancelled,
            Error = new JobError(JobErrorCodes.Cancelled, "The job was cancelled."),
            Timings = new JobTimings { FinishedAt = now },
        };

        // The marker stops a running handler; the completion record (written unless the job already has one) makes the
        // cancel the job's outcome whichever worker takes it, even one that never looks for the marker.
        var completion = await _folders.RequestCancelAsync(folder, cancelled, marker, cancellationToken).ConfigureAwait(false);
        if (completion.Status == JobStatus.Cancelled)
        {
            await events.DispatchAsync(AsyncAi.CompletionEvent.Of(completion, DateTimeOffset.MinValue), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> KnownJobTypeAsync(JobId jobId, string? owner, CancellationToken cancellationToken)
    {
        try
        {
            return (await status.GetAsync(jobId, owner, cancellationToken).ConfigureAwait(false))?.LastEvent?.JobType ?? string.Empty;
        }
#pragma warning disable CA1031 // The type only labels the cancellation; an unreadable store must not stop the cancel.
        catch (Exception)
#pragma warning restore CA1031
        {
            return string.Empty;
        }
    }
}
