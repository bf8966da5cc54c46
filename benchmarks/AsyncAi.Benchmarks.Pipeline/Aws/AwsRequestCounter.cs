using System.Collections.Concurrent;

namespace AsyncAi.Benchmarks.Pipeline.Aws;

/// <summary>Counts AWS requests by kind ("SQS ReceiveMessage", "S3 PutObject"), as the HTTP layer sees them.</summary>
internal sealed class AwsRequestCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Add(string kind) => Interlocked.Increment(ref _counts.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);

    /// <summary>The counts now, to subtract from a later snapshot.</summary>
    public Dictionary<string, long> Snapshot() =>
        _counts.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal);

    /// <summary>What was counted between two snapshots.</summary>
    public static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Select(pair => (pair.Key, Value: pair.Value - before.GetValueOrDefault(pair.Key)))
            .Where(pair => pair.Value > 0)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}

/// <summary>A mutable box, so that a dictionary value can be incremented with <see cref="Interlocked"/>.</summary>
internal sealed class StrongBox<T>
{
    public T Value = default!;
}
