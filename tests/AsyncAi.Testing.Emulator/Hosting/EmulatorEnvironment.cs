using Amazon.S3;
using Amazon.SQS;

namespace AsyncAi.Testing.Emulator;

/// <summary>
/// What every integration test environment starts from: fresh <see cref="JobQueues"/> on the shared emulator,
/// SDK clients to look at them directly, and the hosts the test starts on them, all disposed together.
/// </summary>
public abstract class EmulatorEnvironment : IAsyncDisposable
{
    /// <summary>Takes the emulator and the queues made for this test.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="queues">The bucket and queues, see <see cref="JobQueues.CreateAsync"/>.</param>
    protected EmulatorEnvironment(FauxqsEmulator emulator, JobQueues queues)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        Emulator = emulator;
        Queues = queues;
        Sqs = emulator.CreateSqsClient();
        S3 = emulator.CreateS3Client();
        Hosts = new StartedHosts(emulator);
    }

    /// <summary>The emulator.</summary>
    public FauxqsEmulator Emulator { get; }

    /// <summary>The bucket and queues of this test.</summary>
    public JobQueues Queues { get; }

    /// <summary>An SQS client for the test's own looks at the queues.</summary>
    public IAmazonSQS Sqs { get; }

    /// <summary>An S3 client for the test's own looks at the bucket.</summary>
    public IAmazonS3 S3 { get; }

    /// <summary>The bucket.</summary>
    public string Bucket => Queues.Bucket;

    /// <summary>The request queue.</summary>
    public Uri RequestQueueUrl => Queues.RequestQueueUrl;

    /// <summary>The request queue's dead-letter queue.</summary>
    public Uri DeadLetterQueueUrl => Queues.DeadLetterQueueUrl;

    /// <summary>The response queue.</summary>
    public Uri ResponseQueueUrl => Queues.ResponseQueueUrl;

    /// <summary>The hosts started for this test, stopped when it is disposed.</summary>
    protected StartedHosts Hosts { get; }

    /// <summary>Stops what the subclass started (<see cref="DisposeCoreAsync"/>), then the hosts, then the clients.</summary>
    /// <returns>A task that completes when all is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        await Hosts.DisposeAsync().ConfigureAwait(false);
        Sqs.Dispose();
        S3.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops what a subclass started besides the hosts (processes, servers); runs first.</summary>
    /// <returns>A task that completes when they are stopped.</returns>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
