namespace AsyncAi.Samples.Backend;

// The JSON the page and the demo script exchange with the backend.

/// <summary>Body of <c>POST /api/jobs</c>: what the browser is about to upload.</summary>
public sealed record CreateJobRequest(string? ContentType, long? SizeBytes);

/// <summary>Answer of <c>POST /api/jobs</c>: the job's id and how to upload its image straight to S3.</summary>
public sealed record CreateJobResponse(string JobId, UploadInstructions Upload, string StartUrl, string StatusUrl, string EventsUrl);

/// <summary>A presigned upload: send the file as the body of <see cref="Method"/> to <see cref="Url"/> with <see cref="Headers"/>.</summary>
public sealed record UploadInstructions(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>A job as the page shows it; also the data of every server-sent event.</summary>
public sealed record JobView(
    string JobId,
    string State,
    double? Progress,
    string? Message,
    bool IsFinished,
    JobResultView? Result,
    JobErrorView? Error);

/// <summary>What the OCR job found, with links the browser can open for a while.</summary>
public sealed record JobResultView(
    string Text,
    IReadOnlyList<TextLineView> Lines,
    Uri? OverlayUrl,
    Uri ResultUrl,
    string Location,
    double? QueueSeconds,
    double? RunSeconds,
    string? ExecutionProvider,
    string? WorkerId);

/// <summary>One recognised line.</summary>
public sealed record TextLineView(string Text, double Confidence);

/// <summary>Why a job did not succeed.</summary>
public sealed record JobErrorView(string Code, string Message);
