using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Client.Tests.Events;

public sealed class EventReceiverTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task An_event_handed_to_the_receiver_reaches_WaitForCompletionAsync_and_WatchAsync_and_a_duplicate_is_dropped()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var receiver = client.Services.GetRequiredService<IJobEventReceiver>();
        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));
        var all = EventStreams.CollectAsync(client.Events.WatchAllAsync(Within.Generous()), e => e.IsTerminal);
        var one = EventStreams.CollectAsync(client.Events.WatchAsync(published.JobId, Within.Generous()), _ => false);
        var wait = client.Events.WaitForCompletionAsync(published.JobId, Within.Generous());

        var progress = new EventMessage { EventId = "webhook-1", Event = Responses.Progress(published.JobId, 0.5) };
        Assert.True(await receiver.ReceiveAsync(progress));
        Assert.False(await receiver.ReceiveAsync(progress));
        var succeeded = Responses.Succeeded(published.JobId, resources.Bucket);
        Assert.True(await receiver.ReceiveAsync(new EventMessage { EventId = "webhook-2", Event = succeeded }));

        var completion = await wait;
        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(succeeded.Completion!.Outputs, completion.Outputs);
        Assert.Equal([JobEventType.Queued, JobEventType.Progress, JobEventType.Succeeded], (await one).Select(e => e.Type));
        Assert.Single(await all, e => e.Type == JobEventType.Progress);
        var status = await client.Services.GetRequiredService<IJobStatusStore>().GetAsync(published.JobId);
        Assert.Equal(JobEventType.Succeeded, status?.LastEvent.Type);
    }

    [Fact]
    public async Task The_listener_shares_the_receiver_so_an_event_that_came_by_webhook_is_dropped_when_the_queue_brings_it_again()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var receiver = client.Services.GetRequiredService<IJobEventReceiver>();
        var jobId = JobId.New();
        var all = EventStreams.CollectAsync(client.Events.WatchAllAsync(Within.Generous()), e => e.IsTerminal);

        var progress = Responses.Progress(jobId, 0.25);
        Assert.True(await receiver.ReceiveAsync(new EventMessage { EventId = "e-1", Event = progress }));
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, progress, eventId: "e-1");
        await Responses.SendAsync(client.Sqs, resources.ResponseQueueUrl!, Responses.Succeeded(jobId, resources.Bucket), eventId: "e-2");

        var events = await all;
        Assert.Single(events, e => e.Type == JobEventType.Progress);
        Assert.Empty(await QueueReader.DrainAsync(client.Sqs, resources.ResponseQueueUrl!, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_message_without_event_id_or_job_id_is_refused_as_a_wire_format_error()
    {
        using var telemetry = new ClientTelemetry();
        var receiver = NewReceiver(new InMemoryJobStatusStore(capacity: 10), telemetry);

        await Assert.ThrowsAsync<WireFormatException>(() => receiver.ReceiveAsync(new EventMessage { EventId = " ", Event = Responses.Progress(JobId.New(), 0.1) }).AsTask());
        await Assert.ThrowsAsync<WireFormatException>(() => receiver.ReceiveAsync(new EventMessage { EventId = "e-1", Event = Responses.Progress(default, 0.1) }).AsTask());
    }

    [Fact]
    public async Task An_event_id_repeated_by_another_owners_job_is_not_a_duplicate_and_each_owner_keeps_its_own_state()
    {
        IJobStatusStore store = new InMemoryJobStatusStore(capacity: 10);
        using var telemetry = new ClientTelemetry();
        var receiver = NewReceiver(store, telemetry);
        var id = JobId.New();

        // A writer whose event ids hold only the job id (an older worker, another language's).
        Assert.True(await receiver.ReceiveAsync(new EventMessage { EventId = $"{id}:completion", Event = Responses.Succeeded(id, EventReceiverBucket, "alice") }));
        Assert.True(await receiver.ReceiveAsync(new EventMessage { EventId = $"{id}:completion", Event = Responses.Succeeded(id, EventReceiverBucket, "bob") }));
        Assert.False(await receiver.ReceiveAsync(new EventMessage { EventId = $"{id}:completion", Event = Responses.Succeeded(id, EventReceiverBucket, "bob") }));

        Assert.Equal("alice", (await store.GetAsync(id, "alice"))?.LastEvent.Owner);
        Assert.Equal("bob", (await store.GetAsync(id, "bob"))?.LastEvent.Owner);
        Assert.Null(await store.GetAsync(id));
    }

    [Fact]
    public async Task An_event_whose_owner_cannot_name_a_folder_is_refused_as_a_wire_format_error()
    {
        using var telemetry = new ClientTelemetry();
        var receiver = NewReceiver(new InMemoryJobStatusStore(capacity: 10), telemetry);

        var forged = Responses.Progress(JobId.New(), 0.1) with { Owner = "../victim" };

        await Assert.ThrowsAsync<WireFormatException>(() => receiver.ReceiveAsync(new EventMessage { EventId = "e-1", Event = forged }).AsTask());
    }

    [Fact]
    public async Task An_event_whose_status_store_write_failed_is_handled_when_it_is_delivered_again()
    {
        var store = new FailingOnceStore();
        using var telemetry = new ClientTelemetry();
        var receiver = NewReceiver(store, telemetry);
        var message = new EventMessage { EventId = "e-1", Event = Responses.Progress(JobId.New(), 0.5) };

        await Assert.ThrowsAsync<IOException>(() => receiver.ReceiveAsync(message).AsTask());
        Assert.True(await receiver.ReceiveAsync(message));
        Assert.False(await receiver.ReceiveAsync(message));

        Assert.Equal(2, store.Applied);
    }

    private const string EventReceiverBucket = "receiver-bucket";

    private static JobEventReceiver NewReceiver(IJobStatusStore store, ClientTelemetry telemetry) => new(
        new JobEventDispatcher(store, new JobEventHub(NullLogger<JobEventHub>.Instance)),
        new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new AsyncAiClientOptions { Bucket = EventReceiverBucket }),
        telemetry,
        NullLogger<JobEventReceiver>.Instance);

    /// <summary>A store whose first write fails, as S3 does now and then.</summary>
    private sealed class FailingOnceStore : IJobStatusStore
    {
        private readonly InMemoryJobStatusStore _inner = new(capacity: 10);

        public int Applied { get; private set; }

        public ValueTask<bool> ApplyAsync(JobEvent jobEvent, CancellationToken cancellationToken = default)
        {
            Applied++;
            return Applied == 1 ? throw new IOException("The store is unavailable.") : _inner.ApplyAsync(jobEvent, cancellationToken);
        }

        public ValueTask<JobStatusRecord?> GetAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default) => _inner.GetAsync(jobId, owner, cancellationToken);
    }
}
