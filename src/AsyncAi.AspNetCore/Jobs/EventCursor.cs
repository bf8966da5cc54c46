using System.Globalization;

namespace AsyncAi.AspNetCore;

/// <summary>
/// The id of a server-sent event, which a reconnecting browser sends back as <c>Last-Event-ID</c>: the event's
/// place in the job's order (attempt, then queued &lt; started &lt; progress &lt; terminal, then the progress
/// fraction, then the time). On a reconnect every event at or before that place is skipped, so the browser sees
/// nothing twice and misses nothing newer.
/// </summary>
internal readonly record struct EventCursor(int Attempt, int Stage, int ProgressPermille, long TimestampMs) : IComparable<EventCursor>
{
    public static EventCursor Of(JobEvent jobEvent) => new(
        jobEvent.Attempt ?? 0,
        jobEvent.Type switch
        {
            JobEventType.Queued => 0,
            JobEventType.Started => 1,
            JobEventType.Progress => 2,
            _ => 3,
        },
        jobEvent.Progress is { } p ? (int)Math.Clamp(Math.Round(p * 1000), 0, 1000) : 0,
        jobEvent.Timestamp.ToUnixTimeMilliseconds());

    public static bool TryParse(string? value, out EventCursor cursor)
    {
        cursor = default;
        var parts = value?.Split('.');
        if (parts is not { Length: 4 } ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stage) ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var progress) ||
            !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }

        cursor = new EventCursor(attempt, stage, progress, timestamp);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Attempt}.{Stage}.{ProgressPermille}.{TimestampMs}");

    public int CompareTo(EventCursor other)
    {
        var c = Attempt.CompareTo(other.Attempt);
        c = c != 0 ? c : Stage.CompareTo(other.Stage);
        c = c != 0 ? c : ProgressPermille.CompareTo(other.ProgressPermille);
        return c != 0 ? c : TimestampMs.CompareTo(other.TimestampMs);
    }

    public static bool operator <(EventCursor left, EventCursor right) => left.CompareTo(right) < 0;

    public static bool operator >(EventCursor left, EventCursor right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventCursor left, EventCursor right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventCursor left, EventCursor right) => left.CompareTo(right) >= 0;
}
