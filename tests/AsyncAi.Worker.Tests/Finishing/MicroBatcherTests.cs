using AsyncAi.Worker.Finishing;

namespace AsyncAi.Worker.Tests.Finishing;

public sealed class MicroBatcherTests
{
    [Fact]
    public async Task Twenty_five_queued_deletes_go_out_as_batches_of_10_10_and_5()
    {
        var calls = new List<IReadOnlyList<string>>();
        await using var batcher = new MicroBatcher<string>(
            (entries, _) =>
            {
                lock (calls)
                {
                    calls.Add(entries);
                }

                return Task.FromResult<IReadOnlyList<Exception?>>(new Exception?[entries.Count]);
            },
            10,
            TimeSpan.FromMilliseconds(5),
            TimeProvider.System);
        var handles = Enumerable.Range(0, 25).Select(i => $"receipt-{i}").ToList();
        var sends = handles.Select(h => batcher.SendAsync(h)).ToList();

        batcher.Start();
        await Task.WhenAll(sends);

        Assert.Equal([10, 10, 5], calls.Select(c => c.Count));
        Assert.Equal(handles, calls.SelectMany(c => c));
    }

    [Fact]
    public async Task A_failed_entry_fails_only_its_own_caller()
    {
        await using var batcher = new MicroBatcher<string>(
            (entries, _) => Task.FromResult<IReadOnlyList<Exception?>>(entries.Select(e => e == "bad" ? new InvalidOperationException("gone") : null).ToArray()),
            10,
            TimeSpan.Zero,
            TimeProvider.System);
        var good = batcher.SendAsync("good");
        var bad = batcher.SendAsync("bad");

        batcher.Start();

        await good;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("gone", error.Message);
    }

    [Fact]
    public async Task A_failed_batch_call_fails_its_entries_and_the_batcher_keeps_going()
    {
        var call = 0;
        Exception? reported = null;
        await using var batcher = new MicroBatcher<int>(
            (entries, _) => Interlocked.Increment(ref call) == 1
                ? throw new TimeoutException("network")
                : Task.FromResult<IReadOnlyList<Exception?>>(new Exception?[entries.Count]),
            10,
            TimeSpan.Zero,
            TimeProvider.System,
            ex => reported = ex);
        var first = batcher.SendAsync(1);
        batcher.Start();
        await Assert.ThrowsAsync<TimeoutException>(() => first);

        await batcher.SendAsync(2);
        Assert.IsType<TimeoutException>(reported);
    }

    [Fact]
    public async Task Disposing_sends_what_is_queued()
    {
        var sent = new List<int>();
        var batcher = new MicroBatcher<int>(
            (entries, _) =>
            {
                sent.AddRange(entries);
                return Task.FromResult<IReadOnlyList<Exception?>>(new Exception?[entries.Count]);
            },
            10,
            TimeSpan.FromMilliseconds(1),
            TimeProvider.System);
        var pending = Enumerable.Range(0, 3).Select(i => batcher.SendAsync(i)).ToList();

        await batcher.DisposeAsync();

        await Task.WhenAll(pending);
        Assert.Equal([0, 1, 2], sent);
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.SendAsync(4); });
    }

    [Fact]
    public void A_delete_batch_numbers_its_entries_so_failures_map_back_to_messages()
    {
        var request = QueueMessageActions.BuildDeleteRequest("https://queue", ["a", "b", "c"]);
        Assert.Equal(["0", "1", "2"], request.Entries.Select(e => e.Id));
        Assert.Equal(["a", "b", "c"], request.Entries.Select(e => e.ReceiptHandle));
    }
}
