namespace AsyncAi.Client.Tests.Status;

public sealed class JobEventOrderingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly JobId Job = JobId.Parse("job-1");

    [Fact]
    public void A_terminal_state_is_final()
    {
        Assert.False(JobEventOrdering.Supersedes(Event(JobEventType.Succeeded), Event(JobEventType.Failed, attempt: 9)));
        Assert.False(JobEventOrdering.Supersedes(Event(JobEventType.Cancelled), Event(JobEventType.Progress, at: T0.AddHours(1))));
    }

    [Fact]
    public void A_terminal_event_beats_any_running_state()
    {
        Assert.True(JobEventOrdering.Supersedes(Event(JobEventType.Progress, attempt: 3), Event(JobEventType.Failed, attempt: 1)));
    }

    [Fact]
    public void Stages_move_forward_only_within_an_attempt()
    {
        Assert.True(JobEventOrdering.Supersedes(Event(JobEventType.Queued), Event(JobEventType.Started, attempt: 1)));
        Assert.False(JobEventOrdering.Supersedes(Event(JobEventType.Started, attempt: 1), Event(JobEventType.Queued)));
        Assert.False(JobEventOrdering.Supersedes(Event(JobEventType.Progress, attempt: 1), Event(JobEventType.Started, attempt: 1)));
    }

    [Fact]
    public void A_later_attempt_beats_an_earlier_one_and_newer_progress_beats_older()
    {
        Assert.True(JobEventOrdering.Supersedes(Event(JobEventType.Progress, attempt: 1), Event(JobEventType.Started, attempt: 2)));
        Assert.True(JobEventOrdering.Supersedes(Event(JobEventType.Progress, attempt: 1), Event(JobEventType.Progress, attempt: 1, at: T0.AddSeconds(1))));
        Assert.False(JobEventOrdering.Supersedes(Event(JobEventType.Progress, attempt: 1, at: T0.AddSeconds(1)), Event(JobEventType.Progress, attempt: 1)));
    }

    private static JobEvent Event(JobEventType type, int? attempt = null, DateTimeOffset? at = null) =>
        new() { JobId = Job, Type = type, Timestamp = at ?? T0, Attempt = attempt };
}
