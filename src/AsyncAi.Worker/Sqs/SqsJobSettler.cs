using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// Settles an attempt's outcome on SQS: a completion is recorded (once, conditionally), reported, and its message
/// deleted; a retry hides the message for the backoff delay; a release makes it visible at once; a rejected job goes
/// to the dead-letter queue. Each step runs only after the one before succeeded, so a crash anywhere is repaired by
/// the next delivery. The job's slot frees as soon as its outcome is durable: the delete goes on in the batcher.
/// Every act on the message goes through the job's <see cref="IMessageLease"/>.
/// </summary>
internal sealed class SqsJobSettler(
    S3JobFolders folders,
    IJobEventSink events,
    IOptions<AsyncAiWorkerOptions> options,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger<SqsJobSettler> logger)
{
    private readonly AsyncAiWorkerOptions _options = options.Value;
    private readonly RetryBackoff _backoff = new(options.Value.RetryBaseDelay, options.Value.MaxRetryDelay);

    /// <summary>Whether completion records and cancellation markers are kept (see <see cref="AsyncAiWorkerOptions.UseCompletionRecords"/>).</summary>
    public bool RecordsEnabled => _options.RecordsEnabled();

    public Task SettleAsync(IncomingJob incoming, InFlightJob job, JobOutcome outcome) => outcome.Kind switch
    {
        JobOutcomeKind.Completed => CompleteAsync(incoming, job, outcome.Completion!, writeRecord: true),
        JobOutcomeKind.Retry => RetryLaterAsync(job, job.Attempt),
        JobOutcomeKind.Released => ReleaseAsync(job),
        _ => DeadLetterAsync(job.Lease, outcome.Reason ?? "The job was rejected."),
    };

    /// <summary>Records (unless <paramref name="writeRecord"/> is false: a duplicate delivery of a recorded job), reports, deletes.</summary>
    public async Task CompleteAsync(IncomingJob incoming, InFlightJob job, JobCompletion completion, bool writeRecord)
    {
        try
        {
            if (writeRecord && RecordsEnabled)
            {
                // Another copy, or a cancel that came first, may have recorded the job; then its completion is reported.
                completion = await folders.WriteCompletionAsync(job.Folder, completion, CancellationToken.None).ConfigureAwait(false);
            }

            // The folder is the job's own (its location was checked), so its owner is the message's, also for a record
            // written before completions carried owners.
            if (completion.Owner != incoming.Job.Owner)
            {
                completion = completion with { Owner = incoming.Job.Owner };
            }

            await events.SendAsync(CompletionEvents.For(completion, time.GetUtcNow(), JobSecrets.WebhookSecretOf(incoming.Job))).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The message stays; the next delivery finds the record or runs the job again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.FinishFailed(logger, ex, job.JobId);
            job.Lease.EndHold();
            return;
        }

        // The lease lets go before this returns (the delete itself waits in the batcher), so the slot frees at once.
        _ = DeleteAsync(incoming, job);
    }

    public async Task DeadLetterAsync(IMessageLease lease, string reason)
    {
        try
        {
            if (await lease.DeadLetterAsync(reason).ConfigureAwait(false))
            {
                telemetry.JobsDeadLettered.Add(1);
            }
        }
#pragma warning disable CA1031 // The message comes back after its visibility timeout and is tried again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ProcessingCrashed(logger, ex, lease.Message.MessageId);
        }
    }

    public async Task ReleaseAsync(InFlightJob job)
    {
        try
        {
            await job.Lease.ReleaseAsync(TimeSpan.Zero).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Without it the message still comes back when its visibility ends.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ReleaseFailed(logger, ex, job.JobId);
        }
    }

    /// <summary>Lets a message whose tenant holds its limit come back after <paramref name="delay"/> (never past SQS's 12 hours); it was never held.</summary>
    public async Task ReleaseAtTenantLimitAsync(IMessageLease lease, JobId jobId, TimeSpan delay)
    {
        var left = Aws.Sqs.SqsLimits.VisibilityLeft(lease.ReceivedAt, time.GetUtcNow());
        try
        {
            await lease.ReleaseAsync(delay < left ? delay : left).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Without the delay the message still comes back when its visibility ends.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ReleaseFailed(logger, ex, jobId);
        }
    }

    private async Task RetryLaterAsync(InFlightJob job, int attempt)
    {
        // SQS rejects a delay that reaches past 12 hours from the receive, which would bring the job back at once.
        var delay = _backoff.Delay(attempt);
        var left = Aws.Sqs.SqsLimits.VisibilityLeft(job.Lease.ReceivedAt, time.GetUtcNow());
        delay = delay < left ? delay : left;
        WorkerLog.RetryScheduled(logger, job.JobId, delay);
        try
        {
            await job.Lease.ReleaseAsync(delay).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Without the delay the message still comes back when its visibility ends.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.ReleaseFailed(logger, ex, job.JobId);
        }
    }

    private async Task DeleteAsync(IncomingJob incoming, InFlightJob job)
    {
        try
        {
            await job.Lease.DeleteAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A later delivery finds the completion record and only re-sends the completion.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.DeleteFailed(logger, ex, job.JobId);
            return;
        }

        if (incoming.ClaimCheck is { } claimCheck)
        {
            try
            {
                await folders.DeleteRequestAsync(claimCheck.ClaimCheckLocation, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort: a leftover body costs storage, not correctness.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                WorkerLog.FinishFailed(logger, ex, job.JobId);
            }
        }
    }
}
