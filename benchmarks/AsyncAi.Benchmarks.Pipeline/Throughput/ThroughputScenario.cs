namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// One row of the throughput table. <paramref name="Records"/>: completion records on (the default,
/// <c>UploadMode = DirectS3</c>) or off (<c>UploadMode = PresignedUrls</c>, the mode that keeps no record).
/// </summary>
internal sealed record ThroughputScenario(bool Records, int Concurrency, int Prefetch)
{
    /// <summary>The worker's receive loops, ceil((concurrency + prefetch) / 10); the raw side runs as many.</summary>
    public int ReceiveLoops => (Concurrency + Prefetch + 9) / 10;

    public string Name => $"records {(Records ? "on" : "off")}, c={Concurrency}{(Prefetch > 0 ? $", prefetch {Prefetch}" : string.Empty)}";
}
