using System.Text.Json;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// Turns job events into what the page shows. For a finished OCR job it reads the small <c>result.json</c> through
/// the SDK's result store and signs short-lived download URLs, so the browser never needs S3 credentials.
/// </summary>
internal sealed class JobViews(IResultStore results, IJobEvents events)
{
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    public async Task<JobView> FromEventAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        var state = jobEvent.Type.ToString().ToLowerInvariant();
        if (!jobEvent.IsTerminal)
        {
            var progress = jobEvent.Type == JobEventType.Progress ? jobEvent.Progress : null;
            return new JobView(jobEvent.JobId.Value, state, progress, jobEvent.Message, IsFinished: false, Result: null, Error: null);
        }

        // A terminal event read back from a status store may come without its completion: the SDK fills it in.
        var completion = jobEvent.Completion ?? await events.WaitForCompletionAsync(jobEvent.JobId, cancellationToken);
        if (completion.Status != JobStatus.Succeeded)
        {
            var error = completion.Error ?? new JobError("unknown", state);
            return new JobView(jobEvent.JobId.Value, state, null, error.Message, IsFinished: true, Result: null, new JobErrorView(error.Code, error.Message));
        }

        return new JobView(jobEvent.JobId.Value, state, 1, jobEvent.Message, IsFinished: true, await ReadResultAsync(completion, cancellationToken), Error: null);
    }

    private async Task<JobResultView?> ReadResultAsync(JobCompletion completion, CancellationToken cancellationToken)
    {
        var resultJson = completion.FindOutput("result.json");
        if (resultJson is null)
        {
            return null;
        }

        var overlay = completion.FindOutput("overlay.png");
        string text;
        List<TextLineView> lines = [];
        string? provider = null;
        await using (var stream = await results.OpenReadAsync(resultJson, cancellationToken))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var root = document.RootElement;
            text = root.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            if (root.TryGetProperty("lines", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var line in items.EnumerateArray())
                {
                    lines.Add(new TextLineView(line.GetProperty("text").GetString() ?? string.Empty, Math.Round(line.GetProperty("confidence").GetDouble(), 3)));
                }
            }

            provider = root.TryGetProperty("executionProvider", out var p) ? p.GetString() : null;
        }

        var location = resultJson.Location.ToString();
        return new JobResultView(
            text,
            lines,
            overlay is null ? null : await results.GetDownloadUrlAsync(overlay, LinkLifetime, cancellationToken),
            await results.GetDownloadUrlAsync(resultJson, LinkLifetime, cancellationToken),
            location[..(location.LastIndexOf('/') + 1)],
            completion.Timings.QueueTime?.TotalSeconds,
            completion.Timings.RunTime?.TotalSeconds,
            provider,
            completion.WorkerId);
    }
}
