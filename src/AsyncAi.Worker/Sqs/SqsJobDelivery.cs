using System.Diagnostics;
using System.Globalization;
using Amazon.SQS.Model;
using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Pipeline;
using AsyncAi.Worker.Tenancy;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// Takes one received request-queue message through the pipeline: read it (or dead-letter it), check where it may
/// write, look at the job's folder when this is a redelivery (a finished job is re-reported, not re-run; a cancelled
/// one ends as cancelled), run the attempt under the heartbeat, and settle the outcome. Every act on the message goes
/// through its <see cref="IMessageLease"/>, which the receive side creates.
/// </summary>
/// <remarks>
/// A first delivery makes no S3 request before the handler: a completion record can only exist when a message was
/// received before, and a cancel requested before the start is recorded by the client as the job's completion
/// record, which the worker's own conditional write then finds (see docs/design/job-pipeline.md).
/// </remarks>
internal sealed class SqsJobDelivery(
    IncomingJobReader reader,
    JobHandlerRegistry handlers,
    JobRunner runner,
    SqsJobSettler settler,
    S3JobFolders folders,
    VisibilityHeartbeat heartbeat,
    TenantLimiter tenants,
    IOptions<AsyncAiWorkerOptions> options,
    WorkerTelemetry telemetry,
    TimeProvider time,
    ILogger<SqsJobDelivery> logger)
{
    // Bucket is required (checked at start), so one set of rules serves every message.
    private readonly JobLocationRules _rules = new(options.Value.Bucket ?? string.Empty, options.Value.RootPrefix, AllowedPrefixes.Parse(options.Value.AllowedInputPrefixes));

    /// <summary>Processes one message until its outcome is durable.</summary>
    /// <param name="lease">The lease on the message, not yet held.</param>
    /// <param name="waitForRunSlot">Waits until the job may start (prefetched messages wait here, under the heartbeat).</param>
    /// <param name="stopping">Fires at shutdown.</param>
    public async Task ProcessAsync(IMessageLease lease, Func<CancellationToken, Task> waitForRunSlot, CancellationToken stopping)
    {
        var message = lease.Message;
        var attempt = ReceiveCount(message);
        IncomingJob incoming;
        try
        {
            incoming = await reader.ReadAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WireFormatException ex)
        {
            WorkerLog.MessageUnreadable(logger, ex, message.MessageId, ex.Message);
            await settler.DeadLetterAsync(lease, ex.Message).ConfigureAwait(false);
            return;
        }

        var job = incoming.Job;

        // Checked before the locations, as every worker of the wire format does, so a message of a type this worker
        // cannot run is set aside with that reason whatever else is wrong with it (and before it takes a run slot).
        var refusal = handlers.WhyItCannotRun(job) ?? WhereItMayNotWrite(job);
        if (refusal is not null)
        {
            WorkerLog.MessageUnreadable(logger, null, message.MessageId, refusal);
            await settler.DeadLetterAsync(lease, refusal).ConfigureAwait(false);
            return;
        }

        // A tenant at its limit gets no slot here: its message goes back for a while and the slot serves another tenant.
        var tenant = tenants.IsEnabled ? TenantLimiter.TenantOf(message, job.Owner) : null;
        var enteredAt = 0L;
        if (tenant is not null && !tenants.TryEnter(tenant, out enteredAt))
        {
            var delay = tenants.ReleaseDelay(tenant, attempt);
            WorkerLog.TenantAtLimit(logger, job.JobId, tenant, delay);
            await settler.ReleaseAtTenantLimitAsync(lease, job.JobId, delay).ConfigureAwait(false);
            return;
        }

        try
        {
            var parent = TraceContext.Extract(MessageAttributes.Get(message, MessageAttributeNames.TraceParent), MessageAttributes.Get(message, MessageAttributeNames.TraceState));
            using var activity = WorkerTelemetry.ActivitySource.StartActivity("asyncai.worker.job", ActivityKind.Consumer, parent);
            activity?.SetTag("asyncai.job.id", job.JobId.Value);
            activity?.SetTag("asyncai.job.type", job.JobType);
            activity?.SetTag("asyncai.job.attempt", attempt);
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.JobId.Value, ["JobType"] = job.JobType, ["Attempt"] = attempt });

            var firstLook = heartbeat.InitialCancelCheck(lease.ReceivedAt);
            using var held = new InFlightJob(lease, job.JobId, attempt, JobFolder.Of(job.OutputPrefix), firstLook);
            lease.Hold(held);
            telemetry.InFlight.Add(1);
            try
            {
                try
                {
                    await waitForRunSlot(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    await settler.ReleaseAsync(held).ConfigureAwait(false);
                    return;
                }

                if (tenant is not null)
                {
                    telemetry.TenantWait.Record(Math.Max(0, (time.GetUtcNow() - job.CreatedAt).TotalSeconds), new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
                }

                // A redelivery, or a message its producer says may repeat an earlier one (an outbox row sent again after a
                // crash arrives as a new message): either may be a job that already finished.
                var mayHaveRun = attempt > 1 || MessageAttributes.Get(message, MessageAttributeNames.Resend) == "1";
                if (mayHaveRun && settler.RecordsEnabled && await LookAtFolderAsync(incoming, held).ConfigureAwait(false))
                {
                    activity?.SetTag("asyncai.job.duplicate", true);
                    return;
                }

                var outcome = await runner.RunAsync(job, attempt, held, stopping).ConfigureAwait(false);
                await settler.SettleAsync(incoming, held, outcome).ConfigureAwait(false);
            }
            finally
            {
                // Settling has let go of the message already (a no-op then); after a crash this stops the heartbeat.
                lease.EndHold();
                telemetry.InFlight.Add(-1);
            }
        }
        finally
        {
            if (tenant is not null)
            {
                tenants.Exit(tenant, enteredAt);
            }
        }
    }

    /// <summary>On a redelivery or resend: re-reports a recorded completion (true), or notes a cancel request for the runner.</summary>
    private async Task<bool> LookAtFolderAsync(IncomingJob incoming, InFlightJob held)
    {
        JobMarkers markers;
        try
        {
            markers = await folders.ReadMarkersAsync(held.Folder, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Unknown is not finished: run it; the conditional record write still keeps one completion.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WorkerLog.CancelCheckFailed(logger, ex, held.JobId);
            return false;
        }

        if (markers.Completed && await folders.ReadCompletionAsync(held.Folder, CancellationToken.None).ConfigureAwait(false) is { } existing)
        {
            WorkerLog.DuplicateDelivery(logger, held.JobId, existing.Status);
            await settler.CompleteAsync(incoming, held, existing, writeRecord: false).ConfigureAwait(false);
            return true;
        }

        if (markers.CancelRequested)
        {
            held.RequestCancel();
        }

        return false;
    }

    private string? WhereItMayNotWrite(JobMessage job)
    {
        if (!string.Equals(_rules.Bucket, job.OutputPrefix.Bucket, StringComparison.Ordinal))
        {
            return $"Job {job.JobId} writes to bucket '{job.OutputPrefix.Bucket}', but this worker writes only to '{_rules.Bucket}'.";
        }

        // Every location the message names is judged against what the job's id and owner give, never believed.
        return _rules.Check(job.JobId, job.Owner, job.OutputPrefix, job.Inputs);
    }

    /// <summary>
    /// After processing crashed (a bug, not a job's outcome): the message comes back after its visibility timeout, and
    /// once it has crashed on as many receives as a job has attempts it goes to the dead-letter queue with the crash as
    /// its reason, so that one message can never loop through the worker for ever.
    /// </summary>
    public async Task SetAsideAfterCrashAsync(IMessageLease lease, Exception crash)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(crash);
        var receives = ReceiveCount(lease.Message);
        if (receives >= runner.Settings.MaxAttempts)
        {
            await settler.DeadLetterAsync(lease, $"Processing crashed on {receives} receives: {crash.GetType().Name}: {crash.Message}").ConfigureAwait(false);
        }
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes?.TryGetValue("ApproximateReceiveCount", out var text) == true && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : 1;
}
