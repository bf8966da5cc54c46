using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>
/// <c>GET {pattern}</c>: the caller's own jobs ("my jobs"), newest first, from the job store. The owner is always the
/// caller's (the query string cannot name another), so a list never shows another user's job; the query string is
/// untrusted input and a bad value answers 400 with the parameter's name.
/// </summary>
internal static class JobListEndpoint
{
    /// <summary>The page size when the query names none.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The largest page a browser may ask for.</summary>
    public const int MaxLimit = 100;

    public static async Task<Results<Ok<JobList>, ProblemHttpResult>> ListAsync(
        HttpContext http, IJobStatusStore status, IJobAccessPolicy policy, IOptions<AsyncAiEndpointsOptions> options)
    {
        var (caller, refused) = JobCaller.ForExisting(http, options.Value.Jobs);
        if (caller is null)
        {
            return refused!;
        }

        if (!await policy.IsAllowedAsync(new JobAccessRequest(http, JobOperation.List, null, caller.Owner), http.RequestAborted).ConfigureAwait(false))
        {
            return Problems.Forbidden();
        }

        if (status is not IJobStore store)
        {
            return Problems.Of(StatusCodes.Status501NotImplemented, "job_list_unavailable", "This backend keeps no list of jobs (its status store cannot be queried).");
        }

        var (query, problem) = Read(http.Request.Query, caller.Owner);
        if (query is null)
        {
            return problem!;
        }

        var page = await store.QueryAsync(query, http.RequestAborted).ConfigureAwait(false);
        var self = (http.Request.PathBase + http.Request.Path).Value!.TrimEnd('/');
        var access = http.Request.Query.TryGetValue(AnonymousJobAccess.QueryName, out var key) ? $"?{AnonymousJobAccess.QueryName}={Uri.EscapeDataString(key.ToString())}" : string.Empty;
        return TypedResults.Ok(new JobList(
            [.. page.Items.Select(r => Summary(r, self + "/" + r.JobId.Value + access))],
            page.Next is { } next ? NextUrl(http.Request, self, next) : null));
    }

    private static (JobQuery? Query, ProblemHttpResult? Problem) Read(IQueryCollection q, string owner)
    {
        var limit = DefaultLimit;
        if (q.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, Invalid("limit", $"a whole number from 1 to {MaxLimit}"));
        }

        List<JobRecordStatus>? statuses = null;
        if (q.TryGetValue("status", out var statusText))
        {
            statuses = [];
            foreach (var name in statusText.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Enum.TryParse would also take "3" or "Succeeded,Failed"; only the names the API documents count.
                var match = Enum.GetValues<JobRecordStatus>().Where(s => string.Equals(s.ToString(), name, StringComparison.OrdinalIgnoreCase)).ToArray();
                if (match.Length == 0)
                {
                    return (null, Invalid("status", "queued, running, succeeded, failed, cancelled or expired (comma-separated)"));
                }

                statuses.Add(match[0]);
            }
        }

        JobPageCursor? after = null;
        if (q.TryGetValue("after", out var afterText))
        {
            if (!JobPageCursor.TryParse(afterText.ToString(), out var cursor))
            {
                return (null, Invalid("after", "the 'next' link of a previous page"));
            }

            after = cursor;
        }

        var type = q.TryGetValue("type", out var typeText) ? typeText.ToString() : null;
        if (type is { Length: 0 or > 256 })
        {
            return (null, Invalid("type", "a job type"));
        }

        return (new JobQuery { Owner = owner, Statuses = statuses, JobType = type, Limit = limit, After = after }, null);
    }

    private static ProblemHttpResult Invalid(string parameter, string expected) =>
        Problems.Of(StatusCodes.Status400BadRequest, "invalid_query", $"The '{parameter}' parameter must be {expected}.");

    private static string NextUrl(HttpRequest request, string self, JobPageCursor next)
    {
        var query = request.Query.Where(p => p.Key != "after").ToDictionary(p => p.Key, p => p.Value);
        query["after"] = next.ToString();
        return self + Microsoft.AspNetCore.Http.QueryString.Create(query).Value;
    }

    private static JobSummary Summary(JobRecord record, string statusUrl) => new(
        record.JobId.Value,
        record.JobType,
        record.Status.ToString().ToLowerInvariant(),
        record.Attempts,
        record.CreatedAt,
        record.FinishedAt,
        record.QueueTime?.TotalSeconds,
        record.RunTime?.TotalSeconds,
        record.Error is { } error ? new JobErrorView(error.Code, error.Message) : null,
        record.Outputs.Count,
        statusUrl);
}
