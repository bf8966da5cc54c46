namespace AsyncAi.AspNetCore;

/// <summary>
/// The default policy. By the time it is asked, the endpoints have already refused a caller without an owner (401:
/// no signed-in user, and no anonymous job's access key where anonymous jobs are allowed), and every job's keys hold
/// its owner, so a caller reaches only their own jobs; it adds no rule of its own.
/// </summary>
internal sealed class OwnerScopedJobAccessPolicy : IJobAccessPolicy
{
    public ValueTask<bool> IsAllowedAsync(JobAccessRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
