using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>
/// The outbox of one scope: adds the job's outbox row and its job-store row to the scope's
/// <typeparamref name="TContext"/>, so the application's own <c>SaveChanges</c> writes both with its business rows,
/// in one transaction.
/// </summary>
/// <typeparam name="TContext">The application's context, whose model maps the tables (<see cref="AsyncAiModelBuilderExtensions.AddAsyncAiJobs"/>).</typeparam>
internal sealed class JobOutbox<TContext>(TContext context, OutboxSignal signal, IOptions<JobOutboxOptions> options, TimeProvider time) : IJobOutbox
    where TContext : DbContext
{
    public async ValueTask<JobId> PublishAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var jobId = request.JobId is { IsEmpty: false } id ? id : JobId.New(time);
        // The checks the publisher would make later, made now: the caller hears of a bad request at once rather
        // than finding the job parked after its commit.
        JobRequestRules.Check(request, jobId, now);

        if (request.IdempotencyKey is { } key && await FindByIdempotencyKeyAsync(request.Owner, key, cancellationToken).ConfigureAwait(false) is { } first)
        {
            return first;
        }

        // Everything that can refuse the job runs before anything is added, so a refused call leaves the context as it was.
        var json = JsonSerializer.Serialize(OutboxRequest.From(request, jobId), OutboxJsonContext.Default.OutboxRequest);
        var size = Encoding.UTF8.GetByteCount(json);
        if (size > options.Value.MaxMessageBytes)
        {
            throw new JobOutboxMessageTooLargeException(jobId, size, options.Value.MaxMessageBytes);
        }

        var record = JobRecords.Publish(null, new JobPublication
        {
            JobId = jobId,
            Owner = request.Owner,
            JobType = request.JobType,
            QueuedAt = now,
            IdempotencyKey = request.IdempotencyKey,
            Metadata = request.Metadata ?? new Dictionary<string, string>(),
        });
        var row = new JobRow();
        JobRowMapping.Write(record, row);
        context.Set<JobRow>().Add(row);

        var activity = Activity.Current;
        context.Set<OutboxMessage>().Add(new OutboxMessage
        {
            JobId = jobId.Value,
            Owner = JobRowMapping.OwnerColumn(request.Owner),
            JobType = request.JobType,
            RequestJson = json,
            TraceParent = activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null,
            TraceState = activity?.TraceStateString,
            CreatedAtMicros = JobRowMapping.Micros(now),
        });
        signal.MarkPending(context);
        return jobId;
    }

    /// <summary>The job an idempotency key already belongs to: one added in this context but not saved yet, or one in the table.</summary>
    private async ValueTask<JobId?> FindByIdempotencyKeyAsync(string? owner, string key, CancellationToken cancellationToken)
    {
        var ownerColumn = JobRowMapping.OwnerColumn(owner);
        var pending = context.Set<JobRow>().Local.FirstOrDefault(r => r.Owner == ownerColumn && r.IdempotencyKey == key);
        var jobId = pending?.JobId ?? await context.Set<JobRow>().AsNoTracking()
            .Where(r => r.Owner == ownerColumn && r.IdempotencyKey == key)
            .OrderBy(r => r.CreatedAtMicros)
            .Select(r => r.JobId)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return jobId is null ? null : JobId.Parse(jobId);
    }
}
