using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;

namespace AsyncAi.Client;

/// <summary>Turns a <see cref="JobRequest"/> into the job message workers read, checking what would otherwise fail on a worker.</summary>
internal static class JobMessageFactory
{
    /// <exception cref="ArgumentException">
    /// The request has an invalid owner or input name, an input outside what the job may read, or a deadline in the
    /// past or more than <see cref="JobRequestRules.MaxDeadlineAhead"/> ahead.
    /// </exception>
    public static OutgoingJob Create(JobRequest request, string bucket, string rootPrefix, DateTimeOffset now, TimeProvider timeProvider, JobLocationRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var jobId = request.JobId is { IsEmpty: false } id ? id : JobId.New(timeProvider);
        var prefix = JobStorageLayout.JobPrefix(rootPrefix, jobId, request.Owner);

        JobRequestRules.Check(request, jobId, now);

        // The same rule the worker applies: a backend that forwards a location a user chose must not make the
        // worker read another tenant's object.
        foreach (var (name, location) in request.Inputs ?? new Dictionary<string, ObjectReference>())
        {
            if (rules?.CheckInput(name, location, request.Owner) is { } refusal)
            {
                throw new ArgumentException($"Job {jobId}: {refusal}", nameof(request));
            }
        }

        var location0 = new ObjectReference(bucket, prefix);
        var message = new JobMessage
        {
            JobId = jobId,
            JobType = request.JobType,
            CreatedAt = now,
            Inputs = request.Inputs ?? new Dictionary<string, ObjectReference>(),
            Parameters = request.Parameters,
            IdempotencyKey = request.IdempotencyKey,
            Deadline = request.Deadline,
            Owner = request.Owner,
            OutputPrefix = location0,
            Metadata = request.Metadata ?? new Dictionary<string, string>(),
        };
        return new OutgoingJob(request, message, location0);
    }
}
