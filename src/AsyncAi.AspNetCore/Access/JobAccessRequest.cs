using Microsoft.AspNetCore.Http;

namespace AsyncAi.AspNetCore;

/// <summary>One call on a job endpoint, as an <see cref="IJobAccessPolicy"/> sees it.</summary>
/// <param name="HttpContext">The request (its <see cref="HttpContext.User"/> is the caller).</param>
/// <param name="Operation">What the caller asks to do.</param>
/// <param name="JobId">The job, or <see langword="null"/> for <see cref="JobOperation.Create"/>.</param>
/// <param name="Owner">The owner taken from the user (<see cref="JobEndpointsOptions.OwnerFromUser"/>), part of the job's keys.</param>
public sealed record JobAccessRequest(HttpContext HttpContext, JobOperation Operation, JobId? JobId, string? Owner);
