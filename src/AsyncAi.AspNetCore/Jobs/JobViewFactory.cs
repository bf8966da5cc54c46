using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>Turns job events into what a browser sees, signing short-lived download links for a finished job's outputs.</summary>
internal sealed class JobViewFactory(IResultStore results, IJobEvents events, IOptions<AsyncAiEndpointsOptions> options)
{
    private static readonly IReadOnlyList<JobOutputView> NoOutputs = [];

    public static JobView Created(JobId jobId) => new(jobId.Value, "created", null, null, false, null, null, null, NoOutputs, null, null);

    public static JobView Queued(JobId jobId) => new(jobId.Value, "queued", null, null, false, null, null, null, NoOutputs, null, null);

    public async Task<JobView> FromEventAsync(JobEvent jobEvent, CancellationToken cancellationToken)
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

    private static string StateName(JobEventType type) => type.ToString().ToLowerInvariant();

    private static string StateName(JobStatus status) => status.ToString().ToLowerInvariant();
}
