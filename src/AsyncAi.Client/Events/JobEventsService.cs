using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Waiters and watchers of jobs. Events this instance's listener receives arrive at once; with a shared status store
/// the store is also read every <see cref="AsyncAiClientOptions.StatusPollInterval"/>, so that an event another
/// instance received still reaches the instance whose user is watching (see docs/decisions/0003).
/// </summary>
internal sealed class JobEventsService(
    JobEventHub hub,
    IJobStatusStore store,
    CompletionRecords completions,
    IOptions<AsyncAiClientOptions> options,
    TimeProvider time,
    ILogger<JobEventsService> logger) : IJobEvents
{
    // Every store but the built-in in-memory one may be written by other instances (S3, or the application's own).
    private readonly bool _pollStore = store is not InMemoryJobStatusStore;
    private readonly TimeSpan _pollInterval = options.Value.StatusPollInterval;

    public async Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        await foreach (var jobEvent in WatchAsync(jobId, owner, cancellationToken).ConfigureAwait(false))
        {
            if (jobEvent.IsTerminal)
            {
                return jobEvent.Completion ?? CompletionOf(jobEvent);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"The events of job {jobId} ended without a terminal event.");
    }

    public async IAsyncEnumerable<JobEvent> WatchAsync(JobId jobId, string? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (jobId.IsEmpty)
        {
            throw new ArgumentException("The job id is empty.", nameof(jobId));
        }

        if (owner is not null && !StorageNames.IsSafeSegment(owner))
        {
            throw new ArgumentException($"The owner '{owner}' may hold only letters, digits, '-' and '_' (at most {StorageNames.MaxSegmentLength}).", nameof(owner));
        }

        // Subscribe before reading the current state, so that an event arriving in between is not missed.
        var job = new JobKey(jobId, owner);
        using var subscription = hub.Subscribe(job);
        var last = await ReadStateAsync(job, cancellationToken).ConfigureAwait(false);
        if (last is not null)
        {
            yield return last;
            if (last.IsTerminal)
            {
                yield break;
            }
        }

        while (true)
        {
            var next = _pollStore
                ? await ReadLocalAsync(subscription.Reader, _pollInterval, cancellationToken).ConfigureAwait(false)
                    ?? await ReadStateAsync(job, cancellationToken).ConfigureAwait(false)
                : await subscription.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

            if (next is null || !JobEventOrdering.Supersedes(last, next))
            {
                continue;
            }

            last = next;
            yield return next;
            if (next.IsTerminal)
            {
                yield break;
            }
        }
    }

    public async IAsyncEnumerable<JobEvent> WatchAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var subscription = hub.Subscribe(job: null);
        while (true)
        {
            yield return await subscription.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next local event, or <see langword="null"/> when none came within the interval.</summary>
    private async Task<JobEvent?> ReadLocalAsync(ChannelReader<JobEvent> reader, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (reader.TryRead(out var ready))
        {
            return ready;
        }

        using var timeout = new CancellationTokenSource(interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false) && reader.TryRead(out var next) ? next : null;
        }
        catch (OperationCanceledException ex)
        {
            // The interval ran out: nothing local yet. The caller cancelled: report it with the caller's token,
            // not the linked one, so that callers can tell their own cancellation apart.
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
            }

            return null;
        }
    }

    /// <summary>The store's latest event for the job, else the worker's completion record; errors read as "nothing yet".</summary>
    private async Task<JobEvent?> ReadStateAsync(JobKey job, CancellationToken cancellationToken)
    {
        try
        {
            var record = await store.GetAsync(job.JobId, job.Owner, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                return record.LastEvent;
            }

            return await completions.TryReadAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.StatusPollFailed(logger, ex, job.JobId);
            return null;
        }
    }

    internal static JobCompletion CompletionOf(JobEvent terminal) => new()
    {
        JobId = terminal.JobId,
        Owner = terminal.Owner,
        JobType = terminal.JobType ?? string.Empty,
        Status = terminal.Type switch
        {
            JobEventType.Succeeded => JobStatus.Succeeded,
            JobEventType.Cancelled => JobStatus.Cancelled,
            JobEventType.Expired => JobStatus.Expired,
            _ => JobStatus.Failed,
        },
        Error = terminal.Type == JobEventType.Succeeded ? null : new JobError(ErrorCodeOf(terminal.Type), terminal.Message ?? terminal.Type.ToString()),
        Attempts = terminal.Attempt ?? 0,
        WorkerId = terminal.WorkerId,
        Timings = new JobTimings { FinishedAt = terminal.Timestamp },
    };

    private static string ErrorCodeOf(JobEventType type) => type switch
    {
        JobEventType.Cancelled => JobErrorCodes.Cancelled,
        JobEventType.Expired => JobErrorCodes.DeadlineExceeded,
        _ => JobErrorCodes.HandlerFailed,
    };
}
