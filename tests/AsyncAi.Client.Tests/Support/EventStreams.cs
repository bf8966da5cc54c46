namespace AsyncAi.Client.Tests.Support;

/// <summary>Reads an event stream into a list, up to and including the event that ends it.</summary>
internal static class EventStreams
{
    public static async Task<List<JobEvent>> CollectAsync(IAsyncEnumerable<JobEvent> events, Func<JobEvent, bool> last)
    {
        var collected = new List<JobEvent>();
        await foreach (var e in events)
        {
            collected.Add(e);
            if (last(e))
            {
                break;
            }
        }

        return collected;
    }
}
