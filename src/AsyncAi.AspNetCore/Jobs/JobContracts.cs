namespace AsyncAi.AspNetCore;

// The JSON the job endpoints exchange with browsers (camelCase on the wire).

/// <summary>Body of <c>POST {pattern}</c>: what the browser is about to upload.</summary>
/// <param name="ContentType">The file's MIME type (for example <c>image/png</c>); one of the allowed types.</param>
/// <param name="SizeBytes">The file's size, checked against the limit before any URL is handed out.</param>
public sealed record CreateJobRequest(string? ContentType, long? SizeBytes);

/// <summary>Answer of <c>POST {pattern}</c>: the new job's id, how to upload its input, and where to go next.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Upload">The presigned POST for the input.</param>
/// <param name="StartUrl">POST here once the upload finished, to publish the job.</param>
/// <param name="StatusUrl">GET the job's state.</param>
/// <param name="EventsUrl">GET the job's events as server-sent events.</param>
/// <param name="WebSocketUrl">The same events over a WebSocket.</param>
/// <param name="CancelUrl">POST here to cancel the job.</param>
public sealed record CreatedJob(string JobId, UploadForm Upload, string StartUrl, string StatusUrl, string EventsUrl, string WebSocketUrl, string CancelUrl)
{
    /// <summary>
    /// For an anonymous job (where the application allowed them), the key that alone reaches it: send it in the
    /// <c>X-AsyncAi-Access-Key</c> header or the <c>access</c> query parameter (the URLs above already carry it).
    /// Shown once; <see langword="null"/> (left out) for a signed-in user's job.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? AccessKey { get; init; }
}

/// <summary>
/// A presigned S3 POST: send a <c>multipart/form-data</c> POST to <see cref="Url"/> with every field of
/// <see cref="Fields"/>, then the file as the last field, named <c>file</c>. S3 refuses a file larger than
/// <see cref="MaxBytes"/> or of another content type.
/// </summary>
/// <param name="Url">Where to post.</param>
/// <param name="Method">Always <c>POST</c>.</param>
/// <param name="Fields">The signed form fields, unchanged.</param>
/// <param name="MaxBytes">The largest file S3 accepts.</param>
/// <param name="ExpiresAt">When the form stops working.</param>
public sealed record UploadForm(Uri Url, string Method, IReadOnlyDictionary<string, string> Fields, long MaxBytes, DateTimeOffset ExpiresAt);

/// <summary>A job as a browser sees it: the answer of the status URL and the data of every event.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State"><c>created</c> (not started yet), <c>queued</c>, <c>started</c>, <c>progress</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>expired</c>.</param>
/// <param name="Progress">The progress fraction between 0 and 1, when the worker reported one.</param>
/// <param name="Message">A short note from the worker (a stage, a reason).</param>
/// <param name="IsFinished">Whether the job has ended.</param>
/// <param name="Attempt">The attempt, starting at 1.</param>
/// <param name="WorkerId">The worker that sent the event.</param>
/// <param name="Error">Why it did not succeed, for failed, cancelled and expired jobs.</param>
/// <param name="Outputs">A finished job's outputs, each with a download link that works for a while.</param>
/// <param name="QueueSeconds">How long it waited in the queue.</param>
/// <param name="RunSeconds">How long it ran.</param>
public sealed record JobView(
    string JobId,
    string State,
    double? Progress,
    string? Message,
    bool IsFinished,
    int? Attempt,
    string? WorkerId,
    JobErrorView? Error,
    IReadOnlyList<JobOutputView> Outputs,
    double? QueueSeconds,
    double? RunSeconds);

/// <summary>Why a job did not succeed.</summary>
/// <param name="Code">A stable code (see <see cref="JobErrorCodes"/>).</param>
/// <param name="Message">A message for people.</param>
public sealed record JobErrorView(string Code, string Message);

/// <summary>One output of a finished job.</summary>
/// <param name="Name">Its name.</param>
/// <param name="ContentType">Its MIME type.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Url">A presigned download link.</param>
/// <param name="Location">Where it is, as <c>s3://bucket/key</c>.</param>
public sealed record JobOutputView(string Name, string ContentType, long SizeBytes, Uri Url, string Location);

/// <summary>Answer of <c>GET {pattern}/limits</c>: what a page should tell the user before they pick a file.</summary>
/// <param name="MaxInputBytes">The largest file accepted.</param>
/// <param name="AllowedContentTypes">The MIME types accepted.</param>
public sealed record UploadLimits(long MaxInputBytes, IReadOnlyList<string> AllowedContentTypes);

/// <summary>Answer of <c>GET {pattern}</c>: one page of the caller's jobs, newest first.</summary>
/// <param name="Items">The jobs on this page.</param>
/// <param name="Next">GET this URL for the next page; <see langword="null"/> (left out) on the last one.</param>
public sealed record JobList(
    IReadOnlyList<JobSummary> Items,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Next);

/// <summary>One job in a list: where it stands, without its outputs' links (its <see cref="StatusUrl"/> signs those).</summary>
/// <param name="JobId">The job.</param>
/// <param name="JobType">The job type.</param>
/// <param name="State"><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c> or <c>expired</c>.</param>
/// <param name="Attempts">How many attempts a worker started.</param>
/// <param name="CreatedAt">When it was published.</param>
/// <param name="FinishedAt">When it ended, once it did.</param>
/// <param name="QueueSeconds">How long it waited in the queue.</param>
/// <param name="RunSeconds">How long it ran.</param>
/// <param name="Error">Why it did not succeed.</param>
/// <param name="OutputCount">How many outputs it wrote.</param>
/// <param name="StatusUrl">GET the job's state and its download links.</param>
public sealed record JobSummary(
    string JobId,
    string JobType,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    double? QueueSeconds,
    double? RunSeconds,
    JobErrorView? Error,
    int OutputCount,
    string StatusUrl);
