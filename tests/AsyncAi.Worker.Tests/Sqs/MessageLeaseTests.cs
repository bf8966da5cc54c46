using Amazon.Runtime;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Sqs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Worker.Tests.Sqs;

/// <summary>
/// The lease's promises, which hold however its callers race: the registry entry leaves exactly once, a delete is
/// sent once, and nothing extends a message after its hold ended (that would hide a released message again).
/// </summary>
public sealed class MessageLeaseTests : IAsyncDisposable
{
    private readonly CountingSqsClient _sqs = new();
    private readonly ServiceProvider _services;
    private readonly RequestQueue _queue;
    private readonly InFlightRegistry _inFlight = new();

    public MessageLeaseTests()
    {
        _services = new ServiceCollection().AddSingleton<IAmazonSQS>(_sqs).BuildServiceProvider();
        var options = Microsoft.Extensions.Options.Options.Create(new AsyncAiWorkerOptions
        {
            Bucket = "unit-bucket",
            RequestQueueUrl = new Uri("http://localhost/requests"),
            DeadLetterQueueUrl = new Uri("http://localhost/dead-letters"),
        });
        _queue = new RequestQueue(new WorkerAwsClients(_services, options), options, TimeProvider.System, NullLogger<RequestQueue>.Instance);
    }

    [Fact]
    public async Task A_held_message_is_extended_until_it_is_released_and_never_after()
    {
        var (lease, _) = HeldLease();

        await lease.ExtendAsync(TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow.AddSeconds(30));
        await lease.ReleaseAsync(TimeSpan.Zero);
        await lease.ExtendAsync(TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow.AddSeconds(30));

        Assert.Equal([30, 0], _sqs.VisibilityChanges.Select(c => c.Seconds));
        Assert.Equal(0, _inFlight.Count);
    }

    [Fact]
    public async Task Racing_settles_remove_the_job_from_the_registry_once_and_send_one_delete()
    {
        var (lease, _) = HeldLease();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => (i % 3) switch
        {
            0 => lease.DeleteAsync(),
            1 => Task.Run(lease.EndHold),
            _ => lease.DeleteAsync(),
        })));

        Assert.Single(_sqs.Deletes);
        Assert.Equal(0, _inFlight.Count);
    }

    [Fact]
    public async Task A_deleted_message_is_neither_released_nor_dead_lettered()
    {
        var (lease, _) = HeldLease();

        await lease.DeleteAsync();
        await lease.ReleaseAsync(TimeSpan.Zero);
        var deadLettered = await lease.DeadLetterAsync("too late");

        Assert.False(deadLettered);
        Assert.Empty(_sqs.VisibilityChanges);
        Assert.Equal(0, _sqs.DeadLetterSends);
    }

    [Fact]
    public async Task A_crashed_delivery_still_dead_letters_its_message_after_its_hold_ended()
    {
        var (lease, _) = HeldLease();
        lease.EndHold();

        var deadLettered = await lease.DeadLetterAsync("crashed");

        Assert.True(deadLettered);
        Assert.Equal(1, _sqs.DeadLetterSends);
        Assert.Single(_sqs.Deletes);
    }

    [Fact]
    public void A_lease_let_go_before_it_was_held_never_enters_the_registry()
    {
        var lease = NewLease();
        lease.EndHold();

        lease.Hold(new InFlightJob(lease, JobId.New(), 1, new JobFolder("unit-bucket", "jobs/x/"), DateTimeOffset.UtcNow));

        Assert.Equal(0, _inFlight.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        await _services.DisposeAsync();
        _sqs.Dispose();
    }

    private MessageLease NewLease()
    {
        var message = new Message { MessageId = Guid.NewGuid().ToString(), ReceiptHandle = Guid.NewGuid().ToString(), Body = "{}" };
        var now = DateTimeOffset.UtcNow;
        return new MessageLease(message, now, now.AddSeconds(30), _queue.Lanes[0], _inFlight);
    }

    private (MessageLease Lease, InFlightJob Job) HeldLease()
    {
        var lease = NewLease();
        var job = new InFlightJob(lease, JobId.New(), 1, new JobFolder("unit-bucket", "jobs/x/"), DateTimeOffset.UtcNow);
        lease.Hold(job);
        Assert.Equal(1, _inFlight.Count);
        return (lease, job);
    }

    /// <summary>Answers the batch calls the lease makes, and counts them; nothing goes over the network.</summary>
    private sealed class CountingSqsClient() : AmazonSQSClient(new BasicAWSCredentials("unit", "unit"), new AmazonSQSConfig { ServiceURL = "http://localhost:1" })
    {
        private int _deadLetterSends;

        public ConcurrentQueue<string> Deletes { get; } = new();

        public ConcurrentQueue<(string ReceiptHandle, int Seconds)> VisibilityChanges { get; } = new();

        public int DeadLetterSends => Volatile.Read(ref _deadLetterSends);

        public override Task<DeleteMessageBatchResponse> DeleteMessageBatchAsync(DeleteMessageBatchRequest request, CancellationToken cancellationToken = default)
        {
            foreach (var entry in request.Entries)
            {
                Deletes.Enqueue(entry.ReceiptHandle);
            }

            return Task.FromResult(new DeleteMessageBatchResponse { Successful = [.. request.Entries.Select(e => new DeleteMessageBatchResultEntry { Id = e.Id })], Failed = [] });
        }

        public override Task<ChangeMessageVisibilityBatchResponse> ChangeMessageVisibilityBatchAsync(ChangeMessageVisibilityBatchRequest request, CancellationToken cancellationToken = default)
        {
            foreach (var entry in request.Entries)
            {
                VisibilityChanges.Enqueue((entry.ReceiptHandle, entry.VisibilityTimeout ?? 0));
            }

            return Task.FromResult(new ChangeMessageVisibilityBatchResponse { Successful = [.. request.Entries.Select(e => new ChangeMessageVisibilityBatchResultEntry { Id = e.Id })], Failed = [] });
        }

        public override Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _deadLetterSends);
            return Task.FromResult(new SendMessageResponse { MessageId = Guid.NewGuid().ToString() });
        }
    }
}
