namespace AsyncAi;

/// <summary>One output file a job wrote to S3.</summary>
public sealed record JobOutput
{
    /// <summary>The output's name as the handler gave it (for example <c>result.json</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Where the output is.</summary>
    public required ObjectReference Location { get; init; }

    /// <summary>The size in bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>The MIME content type.</summary>
    public required string ContentType { get; init; }

    /// <summary>The SHA-256 of the content, lower-case hex, so that readers can check what they downloaded.</summary>
    public required string Sha256 { get; init; }
}
