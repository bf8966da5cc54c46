using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// The one pipeline every event takes, from the response queue or from the application (a webhook): de-duplicated
/// on its event id, written to the status store, run through the application's <see cref="IJobEventHandler"/>s (each
/// event in its own DI scope) and handed to local subscribers. It returns only when all of that is done, so its
/// caller acknowledges the event (deletes the message, answers the webhook) only after the handlers have it.
/// </summary>
internal sealed class JobEventReceiver(
    JobEventDispatcher dispatcher,
    IServiceScopeFactory scopes,
    IOptions<AsyncAiClientOptions> options,
    ClientTelemetry telemetry,
    ILogger<JobEventReceiver> logger) : IJobEventReceiver
{
    private readonly AsyncAiClientOptions _options = options.Value;
    private readonly RecentEventIds _seen = new(options.Value.DeduplicationCapacity);

    /// <summary>
    /// The event a message carries, judged as a message: one that breaks these rules is a bad message, not a failed
    /// handling, so the response-queue listener dead-letters it at once instead of retrying it.
    /// </summary>
    /// <exception cref="WireFormatException">
    /// The event has no id or job id, an unsafe owner, a completion of another job, or an output outside the job's
    /// own <c>outputs/</c> in <paramref name="bucket"/> (which the backend would otherwise sign download URLs for).
    /// </exception>
    internal static JobEvent Checked(EventMessage message, string bucket, string rootPrefix)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.EventId))
        {
            throw new WireFormatException("The event message has an empty eventId.");
        }

        var jobEvent = message.Event;
        if (jobEvent is null || jobEvent.JobId.IsEmpty)
        {
            throw new WireFormatException("The event message has no job id.");
        }

        if (jobEvent.Owner is { } owner && !StorageNames.IsSafeSegment(owner))
        {
            throw new WireFormatException($"The event of job {jobEvent.JobId} names an owner that cannot name a folder (1-{StorageNames.MaxSegmentLength} letters, digits, '-' or '_').");
        }

        if (jobEvent.Completion is { } completion)
        {
            if (completion.JobId != jobEvent.JobId || (completion.Owner is not null && completion.Owner != jobEvent.Owner))
            {
                throw new WireFormatException($"The completion inside the event of job {jobEvent.JobId} names another job ({completion.JobId}, owner '{completion.Owner}').");
            }

            foreach (var output in completion.Outputs)
            {
                if (!string.Equals(output.Location.Bucket, bucket, StringComparison.Ordinal) ||
                    !JobStorageLayout.IsOutputOf(rootPrefix, jobEvent.JobId, jobEvent.Owner, output.Location.Key))
                {
                    throw new WireFormatException($"The completion of job {jobEvent.JobId} lists the output '{output.Name}' at {output.Location}, which is not in that job's own outputs/ folder.");
                }
            }

            // A writer may put the owner on the event only; the completion handed on names it too.
            if (completion.Owner != jobEvent.Owner)
            {
                jobEvent = jobEvent with { Completion = completion with { Owner = jobEvent.Owner } };
            }
        }

        return jobEvent;
    }

    public async ValueTask<bool> ReceiveAsync(EventMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var jobEvent = Checked(message, _options.Bucket!, _options.RootPrefix);

        // Claimed before dispatching, so that one event arriving twice at once (a redelivery, or the same event by
        // queue and by webhook) is dispatched once; released again if dispatching fails, so that a retry is handled.
        // Keyed by owner too: a writer whose event ids hold only the job id must not make one owner's completion
        // look like a re-send of another owner's job with the same id.
        var seenKey = jobEvent.Owner is null ? message.EventId : $"{JobStorageLayout.OwnerFolderPrefix}{jobEvent.Owner}/{message.EventId}";
        if (!_seen.TryAdd(seenKey))
        {
            telemetry.DuplicateEvents.Add(1);
            return false;
        }

        try
        {
            await dispatcher.DispatchAsync(jobEvent, cancellationToken).ConfigureAwait(false);
            await RunHandlersAsync(jobEvent, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _seen.Remove(seenKey);
            throw;
        }

        telemetry.EventsReceived.Add(1, new KeyValuePair<string, object?>("asyncai.event.type", jobEvent.Type.ToString()));
        Log.EventReceived(logger, jobEvent.Type, jobEvent.JobId, message.EventId);
        return true;
    }

    private async Task RunHandlersAsync(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            foreach (var handler in scope.ServiceProvider.GetServices<IJobEventHandler>())
            {
                await handler.HandleAsync(jobEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
