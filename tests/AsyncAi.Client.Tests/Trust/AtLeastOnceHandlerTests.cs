using System.Collections.Concurrent;

namespace AsyncAi.Client.Tests.Trust;

/// <summary>
/// Applications that act on every completion get them at least once: the listener deletes a response-queue message
/// only after every <see cref="IJobEventHandler"/> returned, so a handler that fails (or a backend that dies) gets
/// the event again.
/// </summary>
public sealed class AtLeastOnceHandlerTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task An_event_whose_handler_throws_is_not_deleted_and_is_handled_again()
    {
        var resources = await Resources.CreateAsync(Emulator);
        var seen = new Seen { FailFirst = true };
        await ShortVisibilityAsync(resources.ResponseQueueUrl!);
        await using var client = await ClientHost.StartAsync(Emulator, resources, services: s => s.AddSingleton(seen).AddAsyncAiJobEventHandler<RecordingHandler>());
        var jobId = JobId.New();

        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(jobId, resources.Bucket));
        await seen.WaitAsync(jobId, calls: 2);

        Assert.Equal(2, seen.Calls[jobId]);
        Assert.Empty(await QueueReader.ReceiveAsync(client.Sqs, resources.ResponseQueueUrl!, 1, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_handler_that_never_throws_sees_every_completion_once()
    {
        var resources = await Resources.CreateAsync(Emulator);
        var seen = new Seen();
        await using var client = await ClientHost.StartAsync(Emulator, resources, services: s => s.AddSingleton(seen).AddAsyncAiJobEventHandler<RecordingHandler>());
        var jobs = Enumerable.Range(0, 30).Select(_ => JobId.New()).ToList();

        await Task.WhenAll(jobs.Select(id => Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(id, resources.Bucket))));
        foreach (var id in jobs)
        {
            await seen.WaitAsync(id, calls: 1);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(jobs, id => Assert.Equal(1, seen.Calls[id]));
    }

    private async Task ShortVisibilityAsync(Uri queue)
    {
        using var sqs = Emulator.CreateSqsClient();
        await sqs.SetQueueAttributesAsync(queue.AbsoluteUri, new Dictionary<string, string> { ["VisibilityTimeout"] = "1" });
    }

    private sealed class Seen
    {
        public bool FailFirst { get; init; }

        public ConcurrentDictionary<JobId, int> Calls { get; } = new();

        public async Task WaitAsync(JobId jobId, int calls)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Calls.GetValueOrDefault(jobId) < calls)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    private sealed class RecordingHandler(Seen seen) : IJobEventHandler
    {
        public Task HandleAsync(JobEvent jobEvent, CancellationToken cancellationToken)
        {
            var calls = seen.Calls.AddOrUpdate(jobEvent.JobId, 1, (_, n) => n + 1);
            return seen.FailFirst && calls == 1
                ? throw new InvalidOperationException("The application's database is down.")
                : Task.CompletedTask;
        }
    }
}
