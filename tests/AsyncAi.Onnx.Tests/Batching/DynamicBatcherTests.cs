namespace AsyncAi.Onnx.Tests;

public sealed class DynamicBatcherTests
{
    [Fact]
    public async Task A_batch_never_holds_more_items_than_the_maximum_and_keeps_arrival_order()
    {
        var executor = new RecordingExecutor();
        var batcher = new DynamicBatcher(executor, maxBatchSize: 4, TimeSpan.FromMilliseconds(200), maxConcurrentRuns: 1, TimeProvider.System);
        await using (batcher)
        {
            executor.Gate.Reset();
            var tasks = Enumerable.Range(0, 10).Select(i => batcher.EnqueueAsync(Request(i))).ToList();
            executor.Gate.Set();
            await Task.WhenAll(tasks);
        }

        Assert.All(executor.Batches, b => Assert.InRange(b.Count, 1, 4));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), executor.Batches.SelectMany(b => b));
    }

    [Fact]
    public async Task Disposing_fails_requests_that_still_wait()
    {
        var executor = new RecordingExecutor();
        executor.Gate.Reset();
        var batcher = new DynamicBatcher(executor, maxBatchSize: 1, TimeSpan.Zero, maxConcurrentRuns: 1, TimeProvider.System);
        var running = batcher.EnqueueAsync(Request(1));
        Assert.True(executor.Entered.Wait(TimeSpan.FromSeconds(30)));
        var waiting = batcher.EnqueueAsync(Request(2));
        var disposal = batcher.DisposeAsync().AsTask();
        executor.Gate.Set();
        await disposal;

        await running;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    private static BatchRequest Request(float value) => new([new OnnxTensor(new[] { value }, 1, 1)], CancellationToken.None);

    private sealed class RecordingExecutor : IBatchExecutor
    {
        public ManualResetEventSlim Gate { get; } = new(true);

        public ManualResetEventSlim Entered { get; } = new(false);

        public List<List<float>> Batches { get; } = [];

        public void Execute(IReadOnlyList<BatchRequest> batch)
        {
            Entered.Set();
            Gate.Wait(TimeSpan.FromSeconds(30));
            lock (Batches)
            {
                Batches.Add([.. batch.Select(r => r.Inputs[0].Data.Span[0])]);
            }

            foreach (var request in batch)
            {
                request.Complete(new OnnxResult(new Dictionary<string, OnnxTensor>(), [], batch.Count));
            }
        }
    }
}
