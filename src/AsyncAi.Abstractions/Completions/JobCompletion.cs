namespace AsyncAi;

/// <summary>The result of a job: how it ended, what it wrote, and how long it took.</summary>
public sealed record JobCompletion
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job's owner or tenant, <see langword="null"/> for a job without one.</summary>
    public string? Owner { get; init; }

    /// <summary>The job type.</summary>
    public required string JobType { get; init; }

    /// <summary>How the job ended.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>The outputs the job wrote, in the order it wrote them. Empty unless it succeeded.</summary>
    public IReadOnlyList<JobOutput> Outputs
    {
        get => _outputs;

        // Source-generated JSON passes null for an absent property instead of keeping the default, and a body from
        // another writer may leave these out (docs/wire-format.md): keep the defaults here.
        init => _outputs = value ?? [];
    }

    /// <summary>Why the job did not succeed; <see langword="null"/> when it did.</summary>
    public JobError? Error { get; init; }

    /// <summary>When the job moved through its stages.</summary>
    public JobTimings Timings
    {
        get => _timings;
        init => _timings = value ?? new();
    }

    /// <summary>How many attempts ran, counting the last.</summary>
    public int Attempts { get; init; }

    /// <summary>The worker that ran the last attempt.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The metadata of the request, carried back.</summary>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init => _metadata = value ?? new Dictionary<string, string>();
    }

    private readonly IReadOnlyList<JobOutput> _outputs = [];
    private readonly JobTimings _timings = new();
    private readonly IReadOnlyDictionary<string, string> _metadata = new Dictionary<string, string>();

    /// <summary>Finds an output by name.</summary>
    /// <param name="name">The name the handler gave the output.</param>
    public JobOutput? FindOutput(string name) => Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
}
