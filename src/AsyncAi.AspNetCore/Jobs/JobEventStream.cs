using System.Runtime.CompilerServices;

namespace AsyncAi.AspNetCore;

/// <summary>
/// One job's events as views, shared by the server-sent-event and WebSocket endpoints: resumes after a cursor,
/// yields a keep-alive tick whenever nothing happened for the interval, and ends after the terminal event.
/// </summary>
internal sealed class JobEventStream(IJobEvents events, JobViewFactory views, TimeProvider time)
{
    /// <summary>One item: an event and its view, or (both null) a keep-alive tick.</summary>
    public readonly record struct Item(EventCursor? Cursor, JobView? View);

    public async IAsyncEnumerable<Item> ReadAsync(JobId jobId, string? owner, EventCursor? after, TimeSpan keepAlive, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Ours to cancel: a reader may leave without cancelling (a failed send), and the pending read must stop then too.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var enumerator = events.WatchAsync(jobId, owner, watching.Token).GetAsyncEnumerator(watching.Token);
        Task<bool>? next = null;
        try
        {
            next = enumerator.MoveNextAsync().AsTask();
            while (true)
            {
                // The pending MoveNext is kept across ticks: a keep-alive never loses or reorders an event.
                using (var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var delay = Task.Delay(keepAlive, time, tick.Token);
                    var first = await Task.WhenAny(next, delay).ConfigureAwait(false);
                    await tick.CancelAsync().ConfigureAwait(false);
                    if (first != next)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return new Item(null, null);
                        continue;
                    }
                }

                if (!await next.ConfigureAwait(false))
                {
                    yield break;
                }

                var jobEvent = enumerator.Current;
                var cursor = EventCursor.Of(jobEvent);
                if (after is null || cursor > after.Value)
                {
                    yield return new Item(cursor, await views.FromEventAsync(jobId, owner, jobEvent, cancellationToken).ConfigureAwait(false));
                }

                if (jobEvent.IsTerminal)
                {
                    yield break;
                }

                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator refuses to be disposed while a MoveNextAsync is pending (NotSupportedException, which
            // escaped to Kestrel whenever a client left mid-stream): stop the pending read and let it end first. Its
            // outcome no longer matters; the exception that made us leave, if any, is the one that propagates.
            await watching.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
