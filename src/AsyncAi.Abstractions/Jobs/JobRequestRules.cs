namespace AsyncAi;

/// <summary>
/// What a <see cref="JobRequest"/> must be before anything of it is sent or stored: the checks the publisher makes,
/// in one place, so that a transactional outbox refuses at write time exactly what the publisher would refuse later.
/// </summary>
public static class JobRequestRules
{
    /// <summary>
    /// The furthest ahead a deadline may lie: SQS keeps a message 14 days at most, so a job that has not run by then
    /// never will, and a later deadline would only promise what the queue cannot keep.
    /// </summary>
    public static readonly TimeSpan MaxDeadlineAhead = TimeSpan.FromDays(14);

    /// <summary>Checks a request that will be the job <paramref name="jobId"/>, at <paramref name="now"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="jobId">The id the job gets.</param>
    /// <param name="now">The current time.</param>
    /// <exception cref="ArgumentException">
    /// The request has an invalid owner or input name, an input without a bucket and key, a deadline in the past or
    /// more than <see cref="MaxDeadlineAhead"/> ahead, or a blank idempotency key.
    /// </exception>
    public static void Check(JobRequest request, JobId jobId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Owner is { } owner && !StorageNames.IsSafeSegment(owner))
        {
            throw new ArgumentException($"The owner '{owner}' may hold only letters, digits, '-' and '_' (at most {StorageNames.MaxSegmentLength}).", nameof(request));
        }

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
    }
}
