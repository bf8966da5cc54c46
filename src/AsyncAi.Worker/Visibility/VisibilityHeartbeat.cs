using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Processing;
using AsyncAi.Worker.Storage;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Visibility;

/// <summary>
/// One loop for all in-flight messages: every tick it extends those the <see cref="VisibilityRenewalPolicy"/>
/// says are due, ten per ChangeMessageVisibilityBatch call, gives up on jobs past their maximum run time, and
/// looks for cancellation markers of running jobs. Finished jobs leave the registry and are never extended again.
/// It ticks at the shorter of the policy's tick and the cancel-check interval (see <see cref="TickIntervalFor"/>),
/// so a cancel request is seen within about one <c>CancelCheckInterval</c> however long the visibility timeout.
/// </summary>
internal sealed class VisibilityHeartbeat(
    IAmazonSQS sqs,
    Uri queueUrl,
    InFlightRegistry inFlight,
    VisibilityRenewalPolicy policy,
    JobStore store,
    TimeSpan cancelCheckInterval,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tick = TickIntervalFor(policy.TickInterval, cancelCheckInterval, store.RecordsEnabled);
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
            switch (policy.Decide(job.ReceivedAt, job.VisibleAt))
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

        foreach (var batch in due.Chunk(SqsMessageSize.MaxBatchEntries))
        {
            await ExtendAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        if (store.RecordsEnabled)
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

    private async Task ExtendAsync(InFlightJob[] batch, CancellationToken cancellationToken)
    {
        // Estimated before the call, so the estimate is never later than what SQS applies.
        var visibleAt = policy.NextVisibleAt();
        var seconds = VisibilityRenewalPolicy.ToSqsSeconds(policy.VisibilityTimeout);
        var request = new ChangeMessageVisibilityBatchRequest
        {
            QueueUrl = queueUrl.ToString(),
            Entries = batch.Select((job, i) => new ChangeMessageVisibilityBatchRequestEntry
            {
                Id = i.ToString(CultureInfo.InvariantCulture),
                ReceiptHandle = job.Message.ReceiptHandle,
                VisibilityTimeout = seconds,
            }).ToList(),
        };
        try
        {
            var response = await sqs.ChangeMessageVisibilityBatchAsync(request, cancellationToken).ConfigureAwait(false);
            var failed = new HashSet<int>();
            foreach (var entry in response.Failed ?? [])
            {
                var index = int.Parse(entry.Id, CultureInfo.InvariantCulture);
                failed.Add(index);
                WorkerLog.ExtendEntryFailed(logger, batch[index].JobId, entry.Code, entry.Message);
            }

            for (var i = 0; i < batch.Length; i++)
            {
                if (!failed.Contains(i))
                {
                    batch[i].VisibleAt = visibleAt;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick tries again; the threshold leaves room for more than one try.
            WorkerLog.ExtendFailed(logger, ex, batch.Length);
        }
    }

    private async Task CheckCancelAsync(InFlightJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        job.LastCancelCheck = now;
        try
        {
            if (await store.IsCancelRequestedAsync(job.JobPrefix, cancellationToken).ConfigureAwait(false))
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
