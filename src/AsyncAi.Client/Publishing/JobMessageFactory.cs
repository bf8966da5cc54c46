using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;

namespace AsyncAi.Client;

/// <summary>Turns a <see cref="JobRequest"/> into the job message workers read, checking what would otherwise fail on a worker.</summary>
internal static class JobMessageFactory
{
    /// <summary>
    /// The furthest ahead a deadline may lie: SQS keeps a message 14 days at most, so a job that has not run by then
    /// never will, and a later deadline would only promise what the queue cannot keep.
    /// </summary>
    public static readonly TimeSpan MaxDeadlineAhead = TimeSpan.FromDays(14);

    /// <exception cref="ArgumentException">
    /// The request has an invalid owner or input name, an input outside what the job may read, or a deadline in the
    /// past or more than <see cref="MaxDeadlineAhead"/> ahead.
    /// </exception>
    public static OutgoingJob Create(JobRequest request, string bucket, string rootPrefix, DateTimeOffset now, TimeProvider timeProvider, JobLocationRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var jobId = request.JobId is { IsEmpty: false } id ? id : JobId.New(timeProvider);
        var prefix = JobStorageLayout.JobPrefix(rootPrefix, jobId, request.Owner);

        foreach (var (name, location) in request.Inputs ?? new Dictionary<string, ObjectReference>())
        {
            if (string.IsNullOrWhiteSpace(name) || location is null || string.IsNullOrEmpty(location.Bucket) || string.IsNullOrEmpty(location.Key))
            {
                throw new ArgumentException($"The input '{name}' of job {jobId} needs a name and an S3 bucket and key.", nameof(request));
            }

            // Input names become keys under the job's inputs/ folder (presigned uploads, the in-memory mode), so
            // they follow the same rules as file names: no '..' can reach another job's prefix.
            try
            {
                StorageNames.ValidateFileName(name);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"The input name '{name}' of job {jobId} is invalid: {ex.Message}", nameof(request), ex);
            }

            // The same rule the worker applies: a backend that forwards a location a user chose must not make the
            // worker read another tenant's object.
            if (rules?.CheckInput(name, location, request.Owner) is { } refusal)
            {
                throw new ArgumentException($"Job {jobId}: {refusal}", nameof(request));
            }
        }

        if (request.Deadline is { } deadline && deadline <= now)
        {
            throw new ArgumentException($"The deadline {deadline:O} of job {jobId} has already passed.", nameof(request));
        }

        if (request.Deadline is { } far && far - now > MaxDeadlineAhead)
        {
            throw new ArgumentException($"The deadline {far:O} of job {jobId} is more than {MaxDeadlineAhead.TotalDays} days ahead, longer than SQS keeps a message.", nameof(request));
        }

        if (request.IdempotencyKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"The idempotency key of job {jobId} is blank; leave it null to publish without one.", nameof(request));
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
