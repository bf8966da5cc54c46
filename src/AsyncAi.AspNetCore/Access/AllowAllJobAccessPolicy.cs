namespace AsyncAi.AspNetCore;

/// <summary>The default policy: every call is allowed (owners still only reach their own jobs).</summary>
internal sealed class AllowAllJobAccessPolicy : IJobAccessPolicy
{
    public ValueTask<bool> IsAllowedAsync(JobAccessRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
