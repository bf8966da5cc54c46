namespace AsyncAi.Client;

/// <summary>
/// Some jobs of a publish call could not be sent. <see cref="Published"/> lists those that were (they will run);
/// <see cref="Failed"/> lists those that were not (nothing of them is left behind: their idempotency keys are free
/// again, so publishing them again is safe).
/// </summary>
public sealed class JobPublishException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="published">The jobs that were sent or found to be duplicates.</param>
    /// <param name="failed">The jobs that were not sent.</param>
    /// <param name="innerException">The error that stopped the sending, when there was one.</param>
    public JobPublishException(IReadOnlyList<PublishedJob> published, IReadOnlyList<FailedJob> failed, Exception? innerException = null)
        : base(Describe(failed), innerException)
    {
        ArgumentNullException.ThrowIfNull(published);
        Published = published;
        Failed = failed;
    }

    /// <summary>The jobs that were sent, or that were duplicates of jobs sent before.</summary>
    public IReadOnlyList<PublishedJob> Published { get; }

    /// <summary>The jobs that were not sent.</summary>
    public IReadOnlyList<FailedJob> Failed { get; }

    private static string Describe(IReadOnlyList<FailedJob> failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var first = failed.Count > 0 ? $" First: job {failed[0].JobId} ({failed[0].JobType}): {failed[0].Reason}" : string.Empty;
        return $"{failed.Count} job(s) could not be published.{first}";
    }
}

/// <summary>A job that could not be sent.</summary>
/// <param name="JobId">The id it would have had.</param>
/// <param name="JobType">Its type.</param>
/// <param name="Reason">Why it was not sent, as SQS or the SDK reported it.</param>
public sealed record FailedJob(JobId JobId, string JobType, string Reason);
