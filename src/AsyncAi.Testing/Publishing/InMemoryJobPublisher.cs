using AsyncAi.Aws.Storage;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>
/// Publishes jobs into the in-memory queue. Requests are checked and serialized with the real wire format, so a
/// request that a real publisher would refuse (a bad owner, parameters that do not serialize) fails here too.
/// </summary>
internal sealed class InMemoryJobPublisher(
    InMemoryJobScheduler scheduler,
    InMemoryJobBoard board,
    IOptions<AsyncAiInMemoryOptions> options,
    TimeProvider timeProvider) : IJobPublisher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string? Owner, string Key), PublishedJob> _byIdempotencyKey = [];
    private readonly List<PublishedJob> _published = [];

    /// <summary>Every job accepted, duplicates excluded, in publishing order.</summary>
    public IReadOnlyList<PublishedJob> Published
    {
        get
        {
            lock (_gate)
            {
                return [.. _published];
            }
        }
    }

    public Task<PublishedJob> PublishAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Publish(request));
    }

    public Task<IReadOnlyList<PublishedJob>> PublishManyAsync(IEnumerable<JobRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        var list = requests.ToList();
        if (list.Any(r => r is null))
        {
            throw new ArgumentException("The requests hold a null entry.", nameof(requests));
        }

        return Task.FromResult<IReadOnlyList<PublishedJob>>([.. list.Select(Publish)]);
    }

    public Task CancelAsync(JobId jobId, string? owner = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // A cancel marker lands under the owner's prefix, so a cancel with another owner never reaches the job.
        if (scheduler.Find(new JobKey(jobId, owner)) is { } job)
        {
            job.RequestCancel();
        }

        return Task.CompletedTask;
    }

    private PublishedJob Publish(JobRequest request)
    {
        var settings = options.Value;
        // The real publisher's rule, with the harness's own AddInput folder allowed.
        var rules = new JobLocationRules(settings.Bucket, settings.RootPrefix, [new ObjectReference(settings.Bucket, AsyncAiTestHarness.TestInputsFolder)]);
        foreach (var (name, location) in request.Inputs)
        {
            StorageNames.ValidateFileName(name);
            ArgumentNullException.ThrowIfNull(location, $"{nameof(JobRequest.Inputs)}[{name}]");
            if (rules.CheckInput(name, location, request.Owner) is { } refusal)
            {
                throw new ArgumentException(refusal, nameof(request));
            }
        }

        var jobId = request.JobId ?? JobId.New(timeProvider);
        var folder = JobFolder.Of(settings.Bucket, settings.RootPrefix, jobId, request.Owner);
        var now = timeProvider.GetUtcNow();
        var message = new JobMessage
        {
            JobId = jobId,
            JobType = request.JobType,
            CreatedAt = now,
            Inputs = request.Inputs,
            Parameters = request.Parameters,
            IdempotencyKey = request.IdempotencyKey,
            Deadline = request.Deadline,
            Owner = request.Owner,
            OutputPrefix = folder.Reference,
            Metadata = request.Metadata,
        };
        var body = JobWireFormat.Serialize(message);
        var published = new PublishedJob { JobId = jobId, Owner = request.Owner, JobType = request.JobType, Prefix = message.OutputPrefix, QueuedAt = now };

        InMemoryJob job;
        lock (_gate)
        {
            if (request.IdempotencyKey is { } key && _byIdempotencyKey.TryGetValue((request.Owner, key), out var first))
            {
                return first with { IsDuplicate = true };
            }

            job = new InMemoryJob(published, body);
            if (!scheduler.TryAdd(job))
            {
                // The same id twice: a real worker's conditional completion write lets only the first run count.
                job.Dispose();
                return scheduler.Find(new JobKey(jobId, request.Owner))!.Published with { IsDuplicate = true };
            }

            if (request.IdempotencyKey is { } newKey)
            {
                _byIdempotencyKey[(request.Owner, newKey)] = published;
            }

            _published.Add(published);
        }

        board.RecordPublished(new JobPublication
        {
            JobId = jobId,
            Owner = request.Owner,
            JobType = request.JobType,
            QueuedAt = now,
            IdempotencyKey = request.IdempotencyKey,
            Metadata = request.Metadata,
        });
        board.Record(new JobEvent { JobId = jobId, Owner = request.Owner, Type = JobEventType.Queued, Timestamp = now, JobType = request.JobType });
        scheduler.Enqueue(job);
        return published;
    }
}
