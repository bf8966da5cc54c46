namespace AsyncAi.Client;

/// <summary>Everything a browser needs to upload one input straight to S3; serialize it to JSON and hand it over.</summary>
public sealed record PresignedUpload
{
    /// <summary>Where to send the upload.</summary>
    public required Uri Url { get; init; }

    /// <summary>The HTTP method: <c>PUT</c> (the file is the body) or <c>POST</c> (a multipart form).</summary>
    public required string Method { get; init; }

    /// <summary>For POST, the form fields to send before the <c>file</c> field, unchanged; empty for PUT.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>For PUT, the headers the request must carry (they are signed); empty for POST.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the input will be once uploaded, for <see cref="JobRequest.Inputs"/>.</summary>
    public required ObjectReference Location { get; init; }

    /// <summary>When the URL stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
