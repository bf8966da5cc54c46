namespace AsyncAi;

/// <summary>The result of a job: how it ended, what it wrote, and how long it took.</summary>
public sealed record JobCompletion
{
    /// <summary>The job.</summary>
    public required JobId JobId { get; init; }

    /// <summary>The job type.</summary>
    public required string JobType { get; init; }

    /// <summary>How the job ended.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>The outputs the job wrote, in the order it wrote them. Empty unless it succeeded.</summary>
    public IReadOnlyList<JobOutput> Outputs { get; init; } = [];

    /// <summary>Why the job did not succeed; <see langword="null"/> when it did.</summary>
    public JobError? Error { get; init; }

    /// <summary>When the job moved through its stages.</summary>
    public JobTimings Timings { get; init; } = new();

    /// <summary>How many attempts ran, counting the last.</summary>
    public int Attempts { get; init; }

    /// <summary>The worker that ran the last attempt.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The metadata of the request, carried back.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Finds an output by name.</summary>
    /// <param name="name">The name the handler gave the output.</param>
    public JobOutput? FindOutput(string name) => Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
}
