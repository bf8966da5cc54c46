using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Client;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Dashboard;

/// <summary>
/// Lists, redrives and purges the dead-letter queues. SQS cannot read a message without receiving it, so a listing
/// receives every message once with a short visibility timeout
/// (<see cref="AsyncAiDashboardOptions.DeadLetterScanVisibility"/>), keeps what it read as an in-memory snapshot that
/// every viewer shares, and makes the messages visible again when it is done. Each listing adds one to every listed
/// message's receive count; a listing runs only when a viewer asks for one, and two viewers asking at once share it.
/// A redrive sends a copy to the source queue (without the dead-letter reason, so its receive count starts again at
/// zero) and deletes the dead letter after, so a crash in between leaves a duplicate, never a loss.
/// </summary>
internal sealed class DeadLetterBrowser(
    ClientAwsClients aws,
    DashboardChanges changes,
    IOptions<AsyncAiDashboardOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DeadLetterBrowser> logger)
{
    private const int MaxBatchBytes = 1024 * 1024;
    private const int MaxOperationsKept = 20;
    private const int MaxBodyCharacters = 4096;

    private readonly ConcurrentDictionary<string, DeadLetterListing> _listings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<DeadLetterListing>> _scans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DashboardOperation> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly Lock _operationLock = new();

    private int VisibilitySeconds => (int)Math.Ceiling(options.Value.DeadLetterScanVisibility.TotalSeconds);

    /// <summary>The latest listing of a queue, or <see langword="null"/> when none was taken.</summary>
    public DeadLetterListing? Latest(string key) => _listings.GetValueOrDefault(key);

    /// <summary>The latest operations, newest first.</summary>
    public IReadOnlyList<DashboardOperation> Operations() => [.. _operations.Values.OrderByDescending(o => o.StartedAt)];

    /// <summary>Whether a redrive or purge of the queue is running.</summary>
    public bool IsBusy(string key) => _running.ContainsKey(key);

    /// <summary>Lists the queue now; a listing already running is shared rather than started again.</summary>
    public Task<DeadLetterListing> ListAsync(DashboardQueue queue)
    {
        Task<DeadLetterListing> scan;
        lock (_operationLock)
        {
            // Under the lock: GetOrAdd alone may run its factory twice, which would start two listings.
            scan = _scans.TryGetValue(queue.Key, out var running) ? running : _scans[queue.Key] = Task.Run(() => ScanAsync(queue));
        }

        return Await(scan);

        async Task<DeadLetterListing> Await(Task<DeadLetterListing> task)
        {
            try
            {
                return await task.ConfigureAwait(false);
            }
            finally
            {
                _scans.TryRemove(new KeyValuePair<string, Task<DeadLetterListing>>(queue.Key, task));
            }
        }
    }

    /// <summary>Starts moving messages back to the source queue: the given ones, or every one when <paramref name="messageIds"/> is null.</summary>
    /// <returns>The operation, or <see langword="null"/> when one is already running on this queue.</returns>
    public DashboardOperation? StartRedrive(DashboardQueue queue, DashboardQueue source, IReadOnlyCollection<string>? messageIds, string actor)
    {
        var operation = new DashboardOperation
        {
            Id = Guid.NewGuid().ToString("N")[..12],
            Kind = "redrive",
            QueueKey = queue.Key,
            Actor = actor,
            Requested = messageIds?.Count,
            StartedAt = time.GetUtcNow(),
        };
        return Start(queue, operation, ct => RedriveAsync(queue, source, messageIds, operation, ct));
    }

    /// <summary>Purges the queue (SQS allows one purge per queue every 60 seconds).</summary>
    /// <returns>The operation, or <see langword="null"/> when a redrive of this queue is running.</returns>
    public async Task<DashboardOperation?> PurgeAsync(DashboardQueue queue, string actor, CancellationToken cancellationToken)
    {
        if (IsBusy(queue.Key))
        {
            return null;
        }

        var operation = new DashboardOperation { Id = Guid.NewGuid().ToString("N")[..12], Kind = "purge", QueueKey = queue.Key, Actor = actor, StartedAt = time.GetUtcNow(), Method = "purge" };
        Keep(operation);
        try
        {
            await aws.Sqs.PurgeQueueAsync(new PurgeQueueRequest { QueueUrl = queue.Url.AbsoluteUri }, cancellationToken).ConfigureAwait(false);
            _listings[queue.Key] = new DeadLetterListing([], time.GetUtcNow(), Complete: true);
            operation.State = "done";
        }
        catch (AmazonSQSException ex)
        {
            operation.State = "failed";
            operation.Error = ex.Message;
        }

        operation.FinishedAt = time.GetUtcNow();
        changes.Notify();
        return operation;
    }

    /// <summary>Waits for every running operation (tests, and the host's stop).</summary>
    internal Task WhenIdleAsync() => Task.WhenAll(_running.Values);

    private DashboardOperation? Start(DashboardQueue queue, DashboardOperation operation, Func<CancellationToken, Task> work)
    {
        lock (_operationLock)
        {
            if (_running.ContainsKey(queue.Key))
            {
                return null;
            }

            Keep(operation);
            _running[queue.Key] = Task.Run(
                async () =>
                {
                    try
                    {
                        await work(lifetime.ApplicationStopping).ConfigureAwait(false);
                        operation.State = "done";
                    }
                    catch (Exception ex)
                    {
                        operation.State = "failed";
                        operation.Error = ex is OperationCanceledException ? "stopped with the application" : ex.Message;
                        Log.OperationFailed(logger, operation.Id, operation.Kind, queue.Key, ex);
                    }
                    finally
                    {
                        operation.FinishedAt = time.GetUtcNow();
                        _running.TryRemove(queue.Key, out _);
                        changes.Notify();
                    }
                },
                CancellationToken.None);
        }

        changes.Notify();
        return operation;
    }

    private void Keep(DashboardOperation operation)
    {
        _operations[operation.Id] = operation;
        foreach (var old in _operations.Values.OrderByDescending(o => o.StartedAt).Skip(MaxOperationsKept))
        {
            _operations.TryRemove(old.Id, out _);
        }
    }

    private async Task<DeadLetterListing> ScanAsync(DashboardQueue queue)
    {
        var cancellationToken = lifetime.ApplicationStopping;
        var received = new Dictionary<string, Message>(StringComparer.Ordinal);
        var complete = false;
        try
        {
            while (received.Count < options.Value.MaxDeadLettersListed)
            {
                var batch = await ReceiveAsync(queue, Math.Min(10, options.Value.MaxDeadLettersListed - received.Count), cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    complete = true;
                    break;
                }

                foreach (var message in batch)
                {
                    // Received twice (its visibility ran out mid-listing): only the newest receipt handle is valid.
                    received[message.MessageId] = message;
                }
            }
        }
        finally
        {
            await ReleaseAsync(queue, received.Values).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var messages = received.Values.Select(m => Describe(m, now)).OrderBy(m => m.DeadLetteredAt).ToArray();
        if (complete && Latest(queue.Key) is { } previous)
        {
            foreach (var gone in previous.Messages.Where(m => !received.ContainsKey(m.MessageId)))
            {
                _firstSeen.TryRemove(gone.MessageId, out _);
            }
        }

        var listing = new DeadLetterListing(messages, now, complete);
        _listings[queue.Key] = listing;
        changes.Notify();
        return listing;
    }

    private async Task RedriveAsync(DashboardQueue queue, DashboardQueue source, IReadOnlyCollection<string>? messageIds, DashboardOperation operation, CancellationToken cancellationToken)
    {
        if (messageIds is null && options.Value.UseMessageMoveTask && queue.Arn is { } arn && source.Arn is { } sourceArn
            && await TryMoveTaskAsync(queue, arn, sourceArn, operation, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        operation.Method = "batched";
        var wanted = messageIds is null ? null : new HashSet<string>(messageIds, StringComparer.Ordinal);
        var others = new Dictionary<string, Message>(StringComparer.Ordinal);
        var moved = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (wanted is null || wanted.Count > 0)
            {
                var batch = await ReceiveAsync(queue, 10, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                var moving = new List<Message>();
                foreach (var message in batch)
                {
                    if (wanted is null || wanted.Remove(message.MessageId))
                    {
                        moving.Add(message);
                    }
                    else
                    {
                        others[message.MessageId] = message;
                    }
                }

                foreach (var group in BySize(moving))
                {
                    moved.UnionWith(await MoveAsync(queue, source, group, operation, cancellationToken).ConfigureAwait(false));
                }

                changes.Notify();
            }
        }
        finally
        {
            await ReleaseAsync(queue, others.Values).ConfigureAwait(false);
        }

        operation.AddFailed(wanted?.Count ?? 0);
        if (_listings.TryGetValue(queue.Key, out var listing))
        {
            _listings[queue.Key] = listing with { Messages = [.. listing.Messages.Where(m => !moved.Contains(m.MessageId))] };
        }
    }

    private async Task<IEnumerable<string>> MoveAsync(DashboardQueue queue, DashboardQueue source, List<Message> group, DashboardOperation operation, CancellationToken cancellationToken)
    {
        var entries = group.Select((m, i) => new SendMessageBatchRequestEntry
        {
            Id = i.ToString(CultureInfo.InvariantCulture),
            MessageBody = m.Body,
            MessageAttributes = WithoutReason(m.MessageAttributes),
        }).ToList();
        var sent = await aws.Sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = source.Url.AbsoluteUri, Entries = entries }, cancellationToken).ConfigureAwait(false);
        var ok = (sent.Successful ?? []).Select(s => int.Parse(s.Id, CultureInfo.InvariantCulture)).ToList();
        operation.AddFailed(group.Count - ok.Count);
        if (ok.Count == 0)
        {
            return [];
        }

        // Deleted only after the copy is on the source queue: a crash in between leaves a duplicate, never a loss.
        var deleted = await aws.Sqs.DeleteMessageBatchAsync(
            new DeleteMessageBatchRequest
            {
                QueueUrl = queue.Url.AbsoluteUri,
                Entries = [.. ok.Select(i => new DeleteMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = group[i].ReceiptHandle })],
            },
            CancellationToken.None).ConfigureAwait(false);
        var done = (deleted.Successful ?? []).Select(d => group[int.Parse(d.Id, CultureInfo.InvariantCulture)].MessageId).ToList();
        operation.AddMoved(done.Count);
        operation.AddFailed(deleted.Failed?.Count ?? 0);
        return done;
    }

    private async Task<bool> TryMoveTaskAsync(DashboardQueue queue, string arn, string sourceArn, DashboardOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            await aws.Sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = arn, DestinationArn = sourceArn }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex) when (ex.ErrorCode is not ("ThrottlingException" or "RequestThrottled"))
        {
            Log.MoveTaskRefused(logger, queue.Url.AbsoluteUri, ex.ErrorCode);
            return false;
        }

        operation.Method = "message-move-task";
        changes.Notify();
        while (true)
        {
            await Task.Delay(options.Value.SampleInterval, time, cancellationToken).ConfigureAwait(false);
            var tasks = await aws.Sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = arn, MaxResults = 1 }, cancellationToken).ConfigureAwait(false);
            if (tasks.Results is not [var task, ..])
            {
                return true;
            }

            operation.SetMoved(task.ApproximateNumberOfMessagesMoved ?? 0);
            changes.Notify();
            if (task.Status is not ("RUNNING" or "CANCELLING"))
            {
                if (task.Status == "FAILED")
                {
                    throw new InvalidOperationException("SQS's message move task failed: " + task.FailureReason);
                }

                _listings.TryRemove(queue.Key, out _);
                return true;
            }
        }
    }

    private async Task<List<Message>> ReceiveAsync(DashboardQueue queue, int max, CancellationToken cancellationToken)
    {
        var response = await aws.Sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = queue.Url.AbsoluteUri,
                MaxNumberOfMessages = max,
                WaitTimeSeconds = 1,
                VisibilityTimeout = VisibilitySeconds,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            },
            cancellationToken).ConfigureAwait(false);
        return response.Messages ?? [];
    }

    private async Task ReleaseAsync(DashboardQueue queue, IEnumerable<Message> messages)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            try
            {
                await aws.Sqs.ChangeMessageVisibilityBatchAsync(
                    new ChangeMessageVisibilityBatchRequest
                    {
                        QueueUrl = queue.Url.AbsoluteUri,
                        Entries = [.. chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle, VisibilityTimeout = 0 })],
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonSQSException)
            {
                // They come back by themselves when the listing's visibility timeout ends.
            }
        }
    }

    private DeadLetter Describe(Message message, DateTimeOffset now)
    {
        var attributes = message.MessageAttributes ?? [];
        var system = message.Attributes ?? [];
        var (bodyJobId, bodyJobType, owner) = ReadBody(message.Body);
        var sent = system.TryGetValue("SentTimestamp", out var ms) && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : (DateTimeOffset?)null;
        var receives = system.TryGetValue("ApproximateReceiveCount", out var count) && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var body = message.Body ?? string.Empty;
        return new DeadLetter(
            message.MessageId,
            attributes.GetValueOrDefault(MessageAttributeNames.JobId)?.StringValue ?? bodyJobId,
            attributes.GetValueOrDefault(MessageAttributeNames.JobType)?.StringValue ?? bodyJobType,
            owner,
            attributes.GetValueOrDefault(MessageAttributeNames.DeadLetterReason)?.StringValue ?? "(no reason attribute: moved by the queue's maxReceiveCount)",
            receives,
            sent,
            _firstSeen.GetOrAdd(message.MessageId, now),
            body.Length <= MaxBodyCharacters ? body : body[..MaxBodyCharacters] + "…");
    }

    private static (string? JobId, string? JobType, string? Owner) ReadBody(string? body)
    {
        if (string.IsNullOrEmpty(body) || body[0] != '{')
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var job = root.TryGetProperty("event", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            return (Text(job, "jobId"), Text(job, "jobType"), Text(job, "owner"));
        }
        catch (JsonException)
        {
            return default;
        }

        static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static Dictionary<string, MessageAttributeValue> WithoutReason(Dictionary<string, MessageAttributeValue>? attributes) =>
        (attributes ?? []).Where(a => a.Key != MessageAttributeNames.DeadLetterReason).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    // SendMessageBatch takes at most 10 entries and 1 MiB in all.
    private static IEnumerable<List<Message>> BySize(List<Message> messages)
    {
        var group = new List<Message>();
        var bytes = 0;
        foreach (var message in messages)
        {
            var size = Encoding.UTF8.GetByteCount(message.Body ?? string.Empty)
                + (message.MessageAttributes ?? []).Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.StringValue ?? string.Empty) + 32);
            if (group.Count > 0 && bytes + size > MaxBatchBytes)
            {
                yield return group;
                group = [];
                bytes = 0;
            }

            group.Add(message);
            bytes += size;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }
}
