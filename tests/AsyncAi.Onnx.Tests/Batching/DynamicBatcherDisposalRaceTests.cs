namespace AsyncAi.Onnx.Tests;

public sealed class DynamicBatcherDisposalRaceTests
{
    [Fact]
    public async Task Disposing_while_a_batch_is_being_gathered_answers_the_requests_already_taken_from_the_queue()
    {
        // The clock lets the test stop the loop after it took the request off the queue and before it waits for
        // more, and dispose exactly there.
        var clock = new PausingClock();
        var executor = new CompletingExecutor();
        var batcher = new DynamicBatcher(executor, maxBatchSize: 4, TimeSpan.FromMinutes(10), maxConcurrentRuns: 1, clock);
        var request = batcher.EnqueueAsync(new BatchRequest([new OnnxTensor(new[] { 1f }, 1, 1)], CancellationToken.None));
        Assert.True(clock.Paused.Wait(TimeSpan.FromSeconds(30)), "The loop never started gathering.");

        var disposal = batcher.DisposeAsync().AsTask();
        clock.Resume.Set();

        var finished = await Task.WhenAny(Task.WhenAll(request, disposal), Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(request.IsCompleted, "The request was taken into a batch and then never answered.");
        Assert.True(disposal.IsCompleted, "Disposal did not finish.");
        if (!request.IsCompletedSuccessfully)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => request);
        }

        GC.KeepAlive(finished);
    }

    /// <summary>The system clock, except that its second reading waits until the test lets it go on.</summary>
    private sealed class PausingClock : TimeProvider
    {
        private int _readings;

        public ManualResetEventSlim Paused { get; } = new(false);

        public ManualResetEventSlim Resume { get; } = new(false);

        public override long GetTimestamp()
        {
            if (Interlocked.Increment(ref _readings) == 2)
            {
                Paused.Set();
                Resume.Wait(TimeSpan.FromSeconds(30));
            }

            return base.GetTimestamp();
        }
    }

    private sealed class CompletingExecutor : IBatchExecutor
    {
        public void Execute(IReadOnlyList<BatchRequest> batch)
        {
            foreach (var request in batch)
            {
                request.Complete(new OnnxResult(new Dictionary<string, OnnxTensor>(), [], batch.Count));
            }
        }
    }
}
