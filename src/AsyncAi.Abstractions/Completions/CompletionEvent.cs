namespace AsyncAi;

/// <summary>The terminal event that reports a completion, built in one place for every role and transport.</summary>
internal static class CompletionEvent
{
    /// <summary>The terminal event of <paramref name="completion"/>.</summary>
    /// <param name="completion">The completion.</param>
    /// <param name="fallbackTime">The event time when the completion has no finish time.</param>
    public static JobEvent Of(JobCompletion completion, DateTimeOffset fallbackTime = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return new JobEvent
        {
            JobId = completion.JobId,
            Owner = completion.Owner,
            Type = completion.Status.ToEventType(),
            Timestamp = completion.Timings.FinishedAt ?? fallbackTime,
            JobType = completion.JobType,
            Attempt = completion.Attempts,
            WorkerId = completion.WorkerId,
            Message = completion.Error?.Message,
            Completion = completion,
        };
    }
}
