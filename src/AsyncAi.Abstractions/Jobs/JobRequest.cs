using System.Text.Json;

namespace AsyncAi;

/// <summary>What a producer asks for: one job of a given type over named inputs already in S3.</summary>
public sealed record JobRequest
{
    /// <summary>Creates a request for a job of the given type.</summary>
    /// <param name="jobType">The job type; a worker runs the handler registered for it.</param>
    public JobRequest(string jobType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        JobType = jobType;
    }

    /// <summary>The job type; a worker runs the handler registered for it (for example <c>ocr</c>).</summary>
    public string JobType { get; }

    /// <summary>
    /// The id to give the job. Leave it unset and the publisher makes a time-sortable one; set it when the
    /// caller already handed an id out (for example to let a browser upload inputs under the job's prefix first).
    /// </summary>
    public JobId? JobId { get; init; }

    /// <summary>Named inputs, each an S3 object the worker reads (for example <c>image</c>).</summary>
    public IReadOnlyDictionary<string, ObjectReference> Inputs { get; init; } = new Dictionary<string, ObjectReference>();

    /// <summary>Typed parameters for the handler, as JSON. <see cref="JobParameters"/> makes them from an object.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>
    /// A key that makes publishing idempotent: publishing again with the same key returns the first job's id
    /// and sends no second job.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>When the job stops being worth running. A worker that sees it later ends the job as expired, and cancels a running one.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The owner or tenant of the job; it scopes the job's storage keys so that tenants never share a prefix.</summary>
    public string? Owner { get; init; }

    /// <summary>
    /// The priority lane to publish to (for example <c>high</c> or <c>bulk</c>): a request queue of its own, named in
    /// the producer's lane settings (.NET: <c>AsyncAiClientOptions.Lanes</c>), which workers poll by priority or by
    /// weight. <see langword="null"/> (the default) publishes to the request queue itself. A lane the producer does
    /// not know fails the publish before anything is sent.
    /// </summary>
    public string? Lane { get; init; }

    /// <summary>
    /// Whether this job may have been sent before under the same <see cref="JobId"/>: a retry after a publish whose
    /// outcome is unknown (a timeout), or an outbox row sent again after a crash. A worker then looks for the job's
    /// completion before running it, as it does for a redelivered message, so a job that already finished is reported
    /// again instead of run again. It costs the worker one S3 read; leave it false for a first send.
    /// </summary>
    public bool IsResend { get; init; }

    /// <summary>Free-form string metadata carried to the worker and back in the completion.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
