using AsyncAi.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>
/// Turns job events into what a browser sees, signing short-lived download links for a finished job's outputs: only
/// for outputs in the viewed job's own <c>outputs/</c> folder, so that a record listing another job's or owner's
/// files never becomes a link to them.
/// </summary>
internal sealed class JobViewFactory(
    IResultStore results, IJobEvents events, IOptions<AsyncAiEndpointsOptions> options, IOptions<AsyncAiClientOptions> client, ILogger<JobViewFactory> logger)
{
    private static readonly IReadOnlyList<JobOutputView> NoOutputs = [];

    public static JobView Created(JobId jobId) => new(jobId.Value, "created", null, null, false, null, null, null, NoOutputs, null, null);

    public static JobView Queued(JobId jobId) => new(jobId.Value, "queued", null, null, false, null, null, null, NoOutputs, null, null);

    /// <summary>The view of <paramref name="jobEvent"/>, an event of the job <paramref name="jobId"/> of <paramref name="owner"/>.</summary>
    public async Task<JobView> FromEventAsync(JobId jobId, string? owner, JobEvent jobEvent, CancellationToken cancellationToken)
    {
        var state = StateName(jobEvent.Type);
        if (!jobEvent.IsTerminal)
        {
            var progress = jobEvent.Type == JobEventType.Progress ? jobEvent.Progress : null;
            return new JobView(jobEvent.JobId.Value, state, progress, jobEvent.Message, false, jobEvent.Attempt, jobEvent.WorkerId, null, NoOutputs, null, null);
        }

        // A terminal event read back from a status store may come without its completion: the SDK fills it in.
        var completion = jobEvent.Completion ?? await events.WaitForCompletionAsync(jobEvent.JobId, jobEvent.Owner, cancellationToken).ConfigureAwait(false);
        JobErrorView? error = null;
        List<JobOutputView> outputs = [];
        if (completion.Status == JobStatus.Succeeded)
        {
            foreach (var output in completion.Outputs)
            {
                if (!IsOutputOf(jobId, owner, output))
                {
                    Log.ForeignOutputSkipped(logger, jobId, output.Name, output.Location.ToString());
                    continue;
                }

                var url = await results.GetDownloadUrlAsync(output, options.Value.Jobs.DownloadExpiry, cancellationToken).ConfigureAwait(false);
                outputs.Add(new JobOutputView(output.Name, output.ContentType, output.SizeBytes, url, output.Location.ToString()));
            }
        }
        else
        {
            var e = completion.Error ?? new JobError("unknown", $"The job ended as {state}.");
            error = new JobErrorView(e.Code, e.Message);
        }

        return new JobView(
            jobEvent.JobId.Value,
            StateName(completion.Status),
            completion.Status == JobStatus.Succeeded ? 1 : null,
            // The error's message is in Error; repeating it here would show it twice.
            error is null ? jobEvent.Message : null,
            true,
            completion.Attempts > 0 ? completion.Attempts : jobEvent.Attempt,
            completion.WorkerId ?? jobEvent.WorkerId,
            error,
            outputs,
            completion.Timings.QueueTime?.TotalSeconds,
            completion.Timings.RunTime?.TotalSeconds);
    }

    private bool IsOutputOf(JobId jobId, string? owner, JobOutput output) =>
        string.Equals(output.Location.Bucket, client.Value.Bucket, StringComparison.Ordinal) &&
        JobStorageLayout.IsOutputOf(client.Value.RootPrefix, jobId, owner, output.Location.Key);

    private static string StateName(JobEventType type) => type.ToString().ToLowerInvariant();

    private static string StateName(JobStatus status) => status.ToString().ToLowerInvariant();
}
