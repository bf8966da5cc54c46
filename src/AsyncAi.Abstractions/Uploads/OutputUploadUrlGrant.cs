namespace AsyncAi.Uploads;

/// <summary>A presigned PUT URL for exactly one output of one job, valid for a short time.</summary>
public sealed record OutputUploadUrlGrant
{
    /// <summary>The URL to PUT the content to, with the <c>Content-Type</c> it was signed for.</summary>
    public required Uri Url { get; init; }

    /// <summary>Where the object lands.</summary>
    public required ObjectReference Location { get; init; }

    /// <summary>The content type the URL was signed for.</summary>
    public required string ContentType { get; init; }

    /// <summary>When the URL stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
