using AsyncAi.Benchmarks.Pipeline.Aws;
using AsyncAi.Benchmarks.Pipeline.Measuring;
using AsyncAi.Testing.Emulator;

namespace AsyncAi.Benchmarks.Pipeline;

/// <summary>What every part of one run shares: the emulator, the counted clients, the bucket, the meters.</summary>
internal sealed class BenchmarkContext : IAsyncDisposable
{
    private BenchmarkContext(FauxqsEmulator emulator, string bucket, TimeSpan passTimeout)
    {
        Emulator = emulator;
        Bucket = bucket;
        PassTimeout = passTimeout;
        Aws = new CountedAwsClients(emulator);
        EmulatorCpu = EmulatorCpu.FindNodeChild();
        PlainSqs = emulator.CreateSqsClient();
    }

    public FauxqsEmulator Emulator { get; }

    /// <summary>The clients whose requests are counted: the worker's, the client's and the raw loop's.</summary>
    public CountedAwsClients Aws { get; }

    /// <summary>An uncounted client for set-up and the end-of-pass probe.</summary>
    public Amazon.SQS.AmazonSQSClient PlainSqs { get; }

    public EmulatorCpu EmulatorCpu { get; }

    public string Bucket { get; }

    /// <summary>How long one pass may take before the run fails rather than hangs.</summary>
    public TimeSpan PassTimeout { get; }

    /// <summary>Starts a private emulator (in memory, no request log) and makes the run's bucket.</summary>
    public static async Task<BenchmarkContext> StartAsync(TimeSpan passTimeout, CancellationToken cancellationToken)
    {
        var emulator = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = false, Cors = false }, cancellationToken);
        var bucket = FauxqsEmulator.UniqueName("bench");
        await emulator.CreateBucketAsync(bucket, cancellationToken);
        return new BenchmarkContext(emulator, bucket, passTimeout);
    }

    public PassMeter NewMeter() => new(EmulatorCpu, Aws.Counter);

    /// <summary>Fresh request and response queues for one pass.</summary>
    public async Task<(string Request, string Response)> CreateQueuesAsync(CancellationToken cancellationToken)
    {
        var request = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("requests"), cancellationToken: cancellationToken);
        var response = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("responses"), cancellationToken: cancellationToken);
        return (request, response);
    }

    /// <summary>Drops a pass's queues, so the emulator does not carry their messages into the next pass.</summary>
    public async Task DeleteQueuesAsync(params string[] queues)
    {
        foreach (var queue in queues)
        {
            await PlainSqs.DeleteQueueAsync(queue);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Aws.Dispose();
        PlainSqs.Dispose();
        await Emulator.DisposeAsync();
    }
}
