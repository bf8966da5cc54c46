using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// Sends committed outbox rows: woken by this process's commits (<see cref="OutboxSignal"/>) and by a poll for the
/// rest, it claims a batch (<see cref="OutboxRows.ClaimAsync"/>), sends each row through the registered
/// <see cref="IJobPublisher"/> under the trace of the request that wrote it, deletes what SQS accepted and backs off
/// what it did not.
/// </summary>
/// <typeparam name="TContext">The application's context, whose model maps the outbox table.</typeparam>
internal sealed class JobOutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IJobPublisher publisher,
    OutboxSignal signal,
    OutboxTelemetry telemetry,
    IOptions<JobOutboxOptions> options,
    TimeProvider time,
    ILogger<JobOutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(5);

    /// <summary>How long a row waits after its <paramref name="attempt"/>-th failed send: 2 s doubling, at most 5 min.</summary>
    internal static TimeSpan RetryDelay(int attempt) =>
        attempt >= 9 ? LongestRetry : TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << (attempt - 1)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            signal.Reset();
            var wait = options.Value.PollInterval;
            try
            {
                if (await DispatchOnceAsync(stoppingToken).ConfigureAwait(false) >= options.Value.BatchSize)
                {
                    // A full batch: more rows are likely waiting, so read again without waiting.
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is down or the table is missing: nothing was claimed, so nothing is lost; try again.
                OutboxLog.DispatchFailed(logger, ex, wait);
            }

            try
            {
                using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var timer = Task.Delay(wait, time, waitCancel.Token);
                await Task.WhenAny(signal.Woken, timer).ConfigureAwait(false);
                await waitCancel.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Claims one batch and sends it.</summary>
    /// <returns>How many rows were claimed.</returns>
    internal async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        var rows = await OutboxRows.ClaimAsync(db, token, JobRowMapping.Micros(now), JobRowMapping.Micros(now + options.Value.LeaseDuration), options.Value.BatchSize, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return 0;
        }

        // Each row is its own publish, all at once: each message continues its own request's trace, and a failure
        // holds back only its row. Once claimed, a row is sent even if the host is stopping, so a send SQS accepted is
        // also deleted here rather than sent again by the next claim.
        var outcomes = await Task.WhenAll(rows.Select(SendAsync)).ConfigureAwait(false);
        var sent = new List<long>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, (job, error)) = (rows[i], outcomes[i]);
            if (error is not null)
            {
                await FailAsync(db, token, row, error).ConfigureAwait(false);
                continue;
            }

            if (job is { IsDuplicate: true } && job.JobId.Value != row.JobId)
            {
                // The key was first used by a job published directly, not through this outbox: that job is the one
                // that runs, and this one's Queued row would otherwise wait forever.
                OutboxLog.DuplicateOfOtherJob(logger, row.JobId, job.JobId.Value);
                await OutboxRows.ForgetUnsentJobAsync(db, row.Owner, row.JobId).ConfigureAwait(false);
            }

            sent.Add(row.Id);
        }

        if (sent.Count > 0)
        {
            await OutboxRows.DeleteAsync(db, token, sent).ConfigureAwait(false);
        }

        return rows.Count;
    }

    /// <summary>Sends one row; the outcome holds the published job, or the error that stopped it.</summary>
    private async Task<SendOutcome> SendAsync(OutboxMessage row)
    {
        using var activity = StartSendActivity(row);
        try
        {
            // A row claimed before may have been sent before: the worker then checks for the job's completion first.
            var request = JsonSerializer.Deserialize(row.RequestJson, OutboxJsonContext.Default.OutboxRequest)!.ToRequest() with { IsResend = row.Claims > 1 };
            var published = await publisher.PublishAsync(request, CancellationToken.None).ConfigureAwait(false);
            telemetry.Sent.Add(1);
            telemetry.Lag.Record((JobRowMapping.Micros(time.GetUtcNow()) - row.CreatedAtMicros) / 1e6);
            return new SendOutcome(published, null);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return new SendOutcome(null, ex);
        }
    }

    private async Task FailAsync(DbContext db, string token, OutboxMessage row, Exception error)
    {
        var attempt = row.Attempts + 1;

        // A request the publisher refuses (an input outside the job's prefix, a deadline that passed while it
        // waited) is refused again on every try: park it now rather than after an hour of retries.
        var permanent = error is ArgumentException or JsonException;
        if (permanent || attempt >= options.Value.MaxSendAttempts)
        {
            OutboxLog.Parked(logger, error, row.JobId, attempt);
            telemetry.Parked.Add(1);
            await OutboxRows.FailAsync(db, token, row.Id, error.Message, OutboxMessage.Parked).ConfigureAwait(false);
            return;
        }

        var retryIn = RetryDelay(attempt);
        OutboxLog.SendFailed(logger, error, row.JobId, attempt, retryIn);
        telemetry.SendFailures.Add(1);
        await OutboxRows.FailAsync(db, token, row.Id, error.Message, JobRowMapping.Micros(time.GetUtcNow() + retryIn)).ConfigureAwait(false);
    }

    /// <summary>
    /// An activity whose parent is the request that wrote the row. When nothing listens to this package's source, a
    /// bare activity still carries the parent, so the publisher's span (and the message) continue the trace.
    /// </summary>
    private static Activity? StartSendActivity(OutboxMessage row)
    {
        if (!ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent))
        {
            return OutboxTelemetry.ActivitySource.StartActivity("asyncai outbox send", ActivityKind.Internal);
        }

        var activity = OutboxTelemetry.ActivitySource.StartActivity("asyncai outbox send", ActivityKind.Internal, parent);
        if (activity is null)
        {
            activity = new Activity("asyncai outbox send");
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.TraceStateString = row.TraceState;
            activity.Start();
        }

        activity.SetTag("asyncai.job.id", row.JobId);
        activity.SetTag("asyncai.job.type", row.JobType);
        return activity;
    }

    private readonly record struct SendOutcome(PublishedJob? Job, Exception? Error);
}
