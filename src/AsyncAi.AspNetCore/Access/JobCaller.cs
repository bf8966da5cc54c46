using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.AspNetCore;

/// <summary>
/// Who is calling a job endpoint, as an owner: a signed-in user's owner (<see cref="JobEndpointsOptions.OwnerFromUser"/>),
/// or, only where the application allowed anonymous jobs, the owner an anonymous job's access key stands for. A caller
/// with neither gets 401: no endpoint ever runs for a job without an owner, so callers never share jobs.
/// </summary>
/// <param name="Owner">The owner, part of every key of the caller's jobs.</param>
/// <param name="NewAccessKey">For an anonymous caller creating a job, the key that job is bound to (a new one, or the one the caller sent).</param>
internal sealed record JobCaller(string Owner, string? NewAccessKey)
{
    /// <summary>The caller of <c>POST {pattern}</c>, or the problem to answer.</summary>
    public static (JobCaller? Caller, ProblemHttpResult? Problem) ForCreate(HttpContext http, JobEndpointsOptions jobs)
    {
        if (FromUser(http, jobs, out var problem) is { } user)
        {
            return (user, null);
        }

        if (problem is not null || !AnonymousJobsAllowed(http))
        {
            return (null, problem ?? SignInRequired());
        }

        // A visitor who already holds a key may put the new job under it, so their jobs share one owner and
        // GET {pattern} with that key lists them all ("my recent jobs" without an account). Holding a key is all that
        // reaching its jobs ever required, so reusing it grants nothing new; a malformed key is refused, not replaced.
        if (KeyOf(http.Request) is { Length: > 0 } held)
        {
            return AnonymousJobAccess.OwnerOf(held) is { } owner
                ? (new JobCaller(owner, held), null)
                : (null, AccessKeyRequired());
        }

        var key = AnonymousJobAccess.NewKey();
        return (new JobCaller(AnonymousJobAccess.OwnerOf(key)!, key), null);
    }

    /// <summary>The caller of an endpoint of an existing job, or the problem to answer.</summary>
    public static (JobCaller? Caller, ProblemHttpResult? Problem) ForExisting(HttpContext http, JobEndpointsOptions jobs)
    {
        if (FromUser(http, jobs, out var problem) is { } user)
        {
            return (user, null);
        }

        if (problem is not null || !AnonymousJobsAllowed(http))
        {
            return (null, problem ?? SignInRequired());
        }

        return AnonymousJobAccess.OwnerOf(KeyOf(http.Request)) is { } owner
            ? (new JobCaller(owner, null), null)
            : (null, AccessKeyRequired());
    }

    /// <summary>The access key a request carries: the header, or the query parameter for EventSource and WebSocket.</summary>
    private static string KeyOf(HttpRequest request) =>
        request.Headers[AnonymousJobAccess.HeaderName].ToString() is { Length: > 0 } header ? header : request.Query[AnonymousJobAccess.QueryName].ToString();

    private static ProblemHttpResult AccessKeyRequired() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "access_key_required", $"Sign in, or send this job's access key (the {AnonymousJobAccess.HeaderName} header or the '{AnonymousJobAccess.QueryName}' query parameter).");

    private static JobCaller? FromUser(HttpContext http, JobEndpointsOptions jobs, out ProblemHttpResult? problem)
    {
        problem = null;
        if (jobs.OwnerFromUser(http.User) is not { } owner)
        {
            return null;
        }

        // An application's own mapping must not hand a user the owner of anonymous jobs.
        if (owner.StartsWith(AnonymousJobAccess.OwnerPrefix, StringComparison.Ordinal))
        {
            problem = Problems.Of(StatusCodes.Status403Forbidden, "reserved_owner", $"Owners that begin with '{AnonymousJobAccess.OwnerPrefix}' belong to anonymous jobs.");
            return null;
        }

        return new JobCaller(owner, null);
    }

    private static bool AnonymousJobsAllowed(HttpContext http) => http.RequestServices.GetService<AnonymousJobsAllowed>() is not null;

    private static ProblemHttpResult SignInRequired() =>
        Problems.Of(StatusCodes.Status401Unauthorized, "sign_in_required", "Sign in to create or follow jobs.");
}

/// <summary>Registered by <c>AddAsyncAiAnonymousJobs</c>: the application's explicit opt-in to anonymous jobs.</summary>
internal sealed class AnonymousJobsAllowed;
