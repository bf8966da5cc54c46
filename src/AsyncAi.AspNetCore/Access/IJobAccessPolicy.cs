namespace AsyncAi.AspNetCore;

/// <summary>
/// Decides who may create, start, read, follow and cancel which job; every job endpoint calls it before it does
/// anything else with the job. Register your own as a singleton to replace the default, which adds no rule: by then a
/// caller without an owner (no signed-in user, and no anonymous job's key where <c>AddAsyncAiAnonymousJobs</c> allowed
/// them) has already been answered 401.
/// </summary>
/// <remarks>
/// The owner is already part of each job's keys, so a caller can only ever reach jobs under the owner their user
/// maps to: a job of another owner answers 404 whatever the policy says. The policy adds the application's own
/// rules on top (sign-in required, roles, quotas). ASP.NET Core authorization works too: the endpoints are a route
/// group, so <c>app.MapAsyncAiJobs("/api/jobs").RequireAuthorization("policy")</c> applies a policy to all of them.
/// </remarks>
public interface IJobAccessPolicy
{
    /// <summary>Whether the call may go ahead; <see langword="false"/> answers 403 with a problem document.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    ValueTask<bool> IsAllowedAsync(JobAccessRequest request, CancellationToken cancellationToken);
}
