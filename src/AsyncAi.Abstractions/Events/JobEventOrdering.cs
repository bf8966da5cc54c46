namespace AsyncAi;

/// <summary>
/// Decides whether an event moves a job's state forward. Events arrive out of order and more than once (SQS is
/// at-least-once, several instances write the same store), so every store and watcher uses this one rule:
/// a terminal state is final; a later attempt beats an earlier one; within an attempt
/// Queued &lt; Started &lt; Progress &lt; terminal; and a progress report beats an older one. Public so that a job
/// store outside these packages (<see cref="IJobStore"/>) keeps the same rule.
/// </summary>
public static class JobEventOrdering
{
    /// <summary>Whether <paramref name="next"/> moves the job on from <paramref name="current"/>.</summary>
    /// <param name="current">The latest event the store holds, or <see langword="null"/> when it holds none.</param>
    /// <param name="next">The event that arrived.</param>
    /// <returns><see langword="true"/> when <paramref name="next"/> should replace <paramref name="current"/>.</returns>
    public static bool Supersedes(JobEvent? current, JobEvent next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (current is null)
        {
            return true;
        }

        if (current.IsTerminal)
        {
            return false;
        }

        if (next.IsTerminal)
        {
            return true;
        }

        var byAttempt = (next.Attempt ?? 0).CompareTo(current.Attempt ?? 0);
        if (byAttempt != 0)
        {
            return byAttempt > 0;
        }

        var byStage = Stage(next.Type).CompareTo(Stage(current.Type));
        if (byStage != 0)
        {
            return byStage > 0;
        }

        return next.Type == JobEventType.Progress && next.Timestamp > current.Timestamp;
    }

    private static int Stage(JobEventType type) => type switch
    {
        JobEventType.Queued => 0,
        JobEventType.Started => 1,
        JobEventType.Progress => 2,
        _ => 3,
    };
}
