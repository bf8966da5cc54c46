using AsyncAi.Aws.Sqs;

namespace AsyncAi.Aws.Tests.Sqs;

public sealed class SqsBatcherTests
{
    [Fact]
    public async Task An_entry_that_finds_no_call_in_flight_goes_out_at_once_alone()
    {
        var calls = new List<IReadOnlyList<string>>();
        await using var batcher = new SqsBatcher<string>(
            (entries, _) =>
            {
                calls.Add(entries);
                return Succeed(entries);
            },
            startCall: Inline);

        // Completes as soon as the call is started: no timer, no window, no background loop to wake.
        var send = batcher.SendAsync("only");

        Assert.True(send.IsCompletedSuccessfully);
        Assert.Equal(["only"], Assert.Single(calls));
    }

    [Fact]
    public async Task By_default_an_entry_goes_out_with_no_other_entry_to_wait_for()
    {
        var calls = new List<IReadOnlyList<string>>();
        await using var batcher = new SqsBatcher<string>((entries, _) =>
        {
            lock (calls)
            {
                calls.Add(entries);
            }

            return Succeed(entries);
        });

        // Nothing else is sent and no timer is involved: the pool starts the call on its next turn.
        await batcher.SendAsync("only").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["only"], Assert.Single(calls));
    }

    [Fact]
    public async Task Entries_queued_before_the_started_call_runs_join_it()
    {
        var calls = new List<IReadOnlyList<string>>();
        var started = new List<Func<Task>>();
        await using var batcher = new SqsBatcher<string>(
            (entries, _) =>
            {
                calls.Add(entries);
                return Succeed(entries);
            },
            startCall: started.Add);

        var sends = new[] { batcher.SendAsync("a"), batcher.SendAsync("b"), batcher.SendAsync("c") };
        Assert.Empty(calls);

        // One call was started, by the first entry; the pool runs it after the work already queued.
        await Assert.Single(started)();
        await Task.WhenAll(sends);

        Assert.Equal(["a", "b", "c"], Assert.Single(calls));
    }

    [Fact]
    public async Task A_call_carries_no_callers_execution_context()
    {
        var callerValue = new AsyncLocal<string?>();
        var seen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new SqsBatcher<string>((entries, _) =>
        {
            seen.TrySetResult(callerValue.Value);
            return Succeed(entries);
        });

        // A call carries many callers' entries, so it must not run in the first one's trace activity or log scopes.
        callerValue.Value = "job-1";
        await batcher.SendAsync("entry").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(await seen.Task);
    }

    [Fact]
    public async Task Entries_that_arrive_while_a_call_is_in_flight_form_the_next_batches_of_at_most_10()
    {
        var calls = new List<IReadOnlyList<string>>();
        var firstCall = new TaskCompletionSource<IReadOnlyList<Exception?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new SqsBatcher<string>(
            (entries, _) =>
            {
                lock (calls)
                {
                    calls.Add(entries);
                    return calls.Count == 1 ? firstCall.Task : Succeed(entries);
                }
            },
            startCall: Inline);

        var sends = new List<Task> { batcher.SendAsync("first") };
        sends.AddRange(Enumerable.Range(0, 25).Select(i => batcher.SendAsync($"queued-{i}")));
        Assert.Single(calls);

        firstCall.SetResult([null]);
        await Task.WhenAll(sends);

        Assert.Equal([1, 10, 10, 5], calls.Select(c => c.Count));
        Assert.Equal(["first", .. Enumerable.Range(0, 25).Select(i => $"queued-{i}")], calls.SelectMany(c => c));
    }

    [Fact]
    public async Task A_failed_entry_fails_only_its_own_caller()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new SqsBatcher<string>(
            async (entries, _) =>
            {
                await gate.Task;
                return entries.Select(e => e == "bad" ? new InvalidOperationException("gone") : null).ToArray();
            },
            startCall: Inline);
        var first = batcher.SendAsync("first");
        var good = batcher.SendAsync("good");
        var bad = batcher.SendAsync("bad");

        gate.SetResult();

        await first;
        await good;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("gone", error.Message);
    }

    [Fact]
    public async Task A_failed_call_fails_its_entries_and_the_batcher_keeps_going()
    {
        var call = 0;
        Exception? reported = null;
        await using var batcher = new SqsBatcher<int>(
            (entries, _) => Interlocked.Increment(ref call) == 1 ? throw new TimeoutException("network") : Succeed(entries),
            onCallFailed: ex => reported = ex,
            startCall: Inline);

        await Assert.ThrowsAsync<TimeoutException>(() => batcher.SendAsync(1));
        await batcher.SendAsync(2);

        Assert.IsType<TimeoutException>(reported);
        Assert.Equal(2, call);
    }

    [Fact]
    public async Task A_batch_never_carries_more_bytes_than_one_call_allows()
    {
        var calls = new List<IReadOnlyList<int>>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new SqsBatcher<int>(
            async (entries, _) =>
            {
                lock (calls)
                {
                    calls.Add(entries);
                }

                await gate.Task;
                return new Exception?[entries.Count];
            },
            sizeOf: size => size,
            maxBytes: 100,
            startCall: Inline);

        var sends = new[] { 10, 60, 50, 40, 30 }.Select(batcher.SendAsync).ToList();
        gate.SetResult();
        await Task.WhenAll(sends);

        Assert.Equal([[10], [60], [50, 40], [30]], calls.Select(c => c.ToArray()));
    }

    [Fact]
    public async Task An_entry_larger_than_one_call_fails_at_once_and_alone()
    {
        await using var batcher = new SqsBatcher<int>((entries, _) => Succeed(entries), sizeOf: size => size, maxBytes: 100);

        await Assert.ThrowsAsync<ArgumentException>(() => batcher.SendAsync(101));
        await batcher.SendAsync(100);
    }

    [Fact]
    public async Task An_entry_that_became_obsolete_while_queued_succeeds_unsent()
    {
        var sent = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var obsolete = new HashSet<string>();
        await using var batcher = new SqsBatcher<string>(
            async (entries, _) =>
            {
                lock (sent)
                {
                    sent.AddRange(entries);
                }

                await gate.Task;
                return new Exception?[entries.Count];
            },
            isObsolete: e => obsolete.Contains(e),
            startCall: Inline);

        var first = batcher.SendAsync("first");
        var started = batcher.SendAsync("started");
        var completed = batcher.SendAsync("completed");
        obsolete.Add("started");
        gate.SetResult();
        await Task.WhenAll(first, started, completed);

        Assert.Equal(["first", "completed"], sent);
    }

    [Fact]
    public async Task Dispose_waits_until_every_queued_entry_was_sent_and_then_refuses_more()
    {
        var sent = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new SqsBatcher<int>(
            async (entries, _) =>
            {
                await gate.Task;
                Interlocked.Add(ref sent, entries.Count);
                return new Exception?[entries.Count];
            },
            startCall: Inline);
        var sends = Enumerable.Range(0, 15).Select(batcher.SendAsync).ToList();

        var disposing = batcher.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        gate.SetResult();
        await disposing;

        Assert.Equal(15, sent);
        Assert.All(sends, s => Assert.True(s.IsCompletedSuccessfully));
        Assert.Throws<ObjectDisposedException>(() => { _ = batcher.SendAsync(99); });
    }

    [Fact]
    public async Task Entries_queued_together_form_full_batches_from_the_first_call()
    {
        var calls = new List<IReadOnlyList<int>>();
        await using var batcher = new SqsBatcher<int>(
            (entries, _) =>
            {
                calls.Add(entries);
                return Succeed(entries);
            },
            startCall: Inline);

        // Unlike 25 single sends (1, 10, 10, 4), the first entry does not go out alone.
        await Task.WhenAll(batcher.SendAllAsync([.. Enumerable.Range(0, 25)], CancellationToken.None));

        Assert.Equal([10, 10, 5], calls.Select(c => c.Count));
        Assert.Equal(Enumerable.Range(0, 25), calls.SelectMany(c => c));
    }

    [Fact]
    public async Task Entries_queued_together_start_one_call_per_batch_as_far_as_calls_in_flight_allow()
    {
        var calls = new List<IReadOnlyList<int>>();
        var started = new List<Func<Task>>();
        await using var batcher = new SqsBatcher<int>(
            (entries, _) =>
            {
                lock (calls)
                {
                    calls.Add(entries);
                }

                return Succeed(entries);
            },
            maxCallsInFlight: 2,
            startCall: started.Add);

        var sends = batcher.SendAllAsync([.. Enumerable.Range(0, 25)], CancellationToken.None);
        Assert.Equal(2, started.Count);
        await Task.WhenAll(started.Select(loop => loop()));
        await Task.WhenAll(sends);

        Assert.Equal([10, 10, 5], calls.Select(c => c.Count));
    }

    [Fact]
    public async Task Entries_still_queued_when_their_token_fires_are_dropped_unsent()
    {
        var sent = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        await using var batcher = new SqsBatcher<string>(
            async (entries, _) =>
            {
                lock (sent)
                {
                    sent.AddRange(entries);
                }

                await gate.Task;
                return new Exception?[entries.Count];
            },
            maxEntries: 1,
            startCall: Inline);

        var sends = batcher.SendAllAsync(["in flight", "queued"], cancel.Token);
        cancel.Cancel();
        gate.SetResult();

        // The entry already in a call is not recalled: its answer says it arrived.
        await sends[0];
        var dropped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sends[1]);
        Assert.Equal(cancel.Token, dropped.CancellationToken);
        Assert.Equal(["in flight"], sent);
    }

    [Fact]
    public async Task An_entry_queued_together_that_is_too_large_fails_alone()
    {
        await using var batcher = new SqsBatcher<int>((entries, _) => Succeed(entries), sizeOf: size => size, maxBytes: 100);

        var sends = batcher.SendAllAsync([50, 101, 50], CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => sends[1]);
        await sends[0];
        await sends[2];
    }

    /// <summary>Runs a started call at once, on the caller's thread, so each test sees exactly which entries it carries.</summary>
    private static void Inline(Func<Task> sendLoop) => _ = sendLoop();

    private static Task<IReadOnlyList<Exception?>> Succeed<T>(IReadOnlyList<T> entries) =>
        Task.FromResult<IReadOnlyList<Exception?>>(new Exception?[entries.Count]);
}
