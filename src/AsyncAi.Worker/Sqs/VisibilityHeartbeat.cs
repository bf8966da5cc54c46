using AsyncAi.Aws.Storage;
using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// One loop for all in-flight messages: every tick it extends those the <see cref="VisibilityRenewalPolicy"/>
/// says are due (gathered into ChangeMessageVisibilityBatch calls by the request queue's batcher), gives up on jobs past their maximum run time, and
/// looks for cancellation markers of running jobs. Finished jobs leave the registry and are never extended again
/// (their <see cref="IMessageLease"/> ends its hold before it lets go of the message).
/// It ticks at the shorter of the policy's tick and the cancel-check interval (see <see cref="TickIntervalFor"/>),
/// so a cancel request is seen within about one <c>CancelCheckInterval</c> however long the visibility timeout.
/// </summary>
internal sealed class VisibilityHeartbeat(
    InFlightRegistry inFlight,
    VisibilityRenewalPolicy policy,
    S3JobFolders folders,
    bool cancelChecksEnabled,
    TimeSpan cancelCheckInterval,
    TimeProvider timeProvider,
    ILogger<VisibilityHeartbeat> logger)
{
    /// <summary>How long after its receive a job's cancellation marker is first looked for.</summary>
    public static readonly TimeSpan FirstCancelCheckDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The "last looked" time a new job starts with, so that <see cref="IsCancelCheckDue"/> first holds
    /// <see cref="FirstCancelCheckDelay"/> after the receive: jobs shorter than that cost no look at all, longer ones
    /// cancelled before they started are stopped soon after.
    /// </summary>
    public DateTimeOffset InitialCancelCheck(DateTimeOffset receivedAt)
    {
        var tick = TickIntervalFor(policy.TickInterval, cancelCheckInterval, cancelChecksEnabled: true);
        return receivedAt - cancelCheckInterval + FirstCancelCheckDelay + (tick / 2);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tick = TickIntervalFor(policy.TickInterval, cancelCheckInterval, cancelChecksEnabled);
        using var timer = new PeriodicTimer(tick, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The heartbeat must outlive any single failure, or every long job would be redelivered.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    WorkerLog.HeartbeatFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var jobs = inFlight.Snapshot();
        var due = new List<InFlightJob>();
        foreach (var job in jobs)
        {
            switch (policy.Decide(job.Lease.ReceivedAt, job.Lease.VisibleAt))
            {
                case RenewalDecision.Extend:
                    due.Add(job);
                    break;
                case RenewalDecision.GiveUp when !job.IsRunTimeExceeded:
                    WorkerLog.MaxRunTimeReached(logger, job.JobId, policy.MaxJobRunTime);
                    job.ExceedRunTime();
                    break;
            }
        }

        await Task.WhenAll(due.Select(ExtendAsync)).ConfigureAwait(false);

        if (cancelChecksEnabled)
        {
            var now = timeProvider.GetUtcNow();
            var tick = TickIntervalFor(policy.TickInterval, cancelCheckInterval, cancelChecksEnabled: true);
            var toCheck = jobs.Where(j => !j.IsCancelRequested && IsCancelCheckDue(j.LastCancelCheck, now, cancelCheckInterval, tick)).ToList();
            await Task.WhenAll(toCheck.Select(j => CheckCancelAsync(j, now, cancellationToken))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How often the heartbeat ticks: every <paramref name="renewalTick"/> for the renewals, or more often when
    /// cancel markers are looked for and <paramref name="cancelCheckInterval"/> is shorter. Ticking more often
    /// costs no extra SQS calls: the renewal decision only extends a message once half its visibility is gone.
    /// </summary>
    /// <param name="renewalTick">The policy's tick, a quarter of the visibility timeout.</param>
    /// <param name="cancelCheckInterval">How often each running job's cancel marker is looked for.</param>
    /// <param name="cancelChecksEnabled">Whether the worker looks for cancel markers at all (not in presigned-URL mode).</param>
    public static TimeSpan TickIntervalFor(TimeSpan renewalTick, TimeSpan cancelCheckInterval, bool cancelChecksEnabled) =>
        cancelChecksEnabled && cancelCheckInterval > TimeSpan.Zero && cancelCheckInterval < renewalTick ? cancelCheckInterval : renewalTick;

    /// <summary>
    /// Whether a job's cancel marker is due for a look on this tick. Half a tick of slack absorbs timers that fire a
    /// little early, which would otherwise push the look to the next tick and double the delay.
    /// </summary>
    /// <param name="lastCheck">When the marker was last looked for (or the job started).</param>
    /// <param name="now">The tick's time.</param>
    /// <param name="cancelCheckInterval">How often the marker is to be looked for.</param>
    /// <param name="tick">The heartbeat's tick interval.</param>
    public static bool IsCancelCheckDue(DateTimeOffset lastCheck, DateTimeOffset now, TimeSpan cancelCheckInterval, TimeSpan tick) =>
        now - lastCheck + (tick / 2) >= cancelCheckInterval;

    private async Task ExtendAsync(InFlightJob job)
    {
        // Estimated before the call, so the estimate is never later than what SQS applies.
        var visibleAt = policy.NextVisibleAt();
        try
        {
            await job.Lease.ExtendAsync(policy.VisibilityTimeout, visibleAt).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; the threshold leaves room for more than one try.
            WorkerLog.ExtendFailed(logger, ex, job.JobId);
        }
    }

    private async Task CheckCancelAsync(InFlightJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        job.LastCancelCheck = now;
        try
        {
            if ((await folders.ReadMarkersAsync(job.Folder, cancellationToken).ConfigureAwait(false)).CancelRequested)
            {
                WorkerLog.CancelRequested(logger, job.JobId);
                job.RequestCancel();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WorkerLog.CancelCheckFailed(logger, ex, job.JobId);
        }
    }
}
