namespace AsyncAi.Client;

/// <summary>Which built-in job status store the producer uses (an <see cref="IJobStatusStore"/> registered by the application wins over both).</summary>
public enum JobStatusStoreKind
{
    /// <summary>In process memory, bounded: for a backend that runs as one instance.</summary>
    InMemory,

    /// <summary>
    /// One small S3 object per job (<c>{root}_status/{jobId}.json</c>), written conditionally so that it only moves
    /// forward: for a backend that runs as several instances, so that every instance sees every job's state.
    /// </summary>
    S3,
}
