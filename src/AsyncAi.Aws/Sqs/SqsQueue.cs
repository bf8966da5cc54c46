using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Aws.Messages;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// The calls made on one queue's messages, each gathered into batch calls by an <see cref="SqsBatcher{TEntry}"/>:
/// delete, change visibility and send. Both roles use it: the worker on the request queue (deletes, retry delays,
/// renewals) and on the response queue (events), the client on the request queue (jobs) and on the response queue
/// (deletes).
/// </summary>
internal sealed class SqsQueue : IAsyncDisposable
{
    private readonly IAmazonSQS _sqs;
    private readonly SqsBatcher<string> _deletes;
    private readonly SqsBatcher<(string ReceiptHandle, int Seconds)> _visibility;
    private readonly SqsBatcher<SqsOutgoingMessage> _sends;

    /// <param name="sqs">The SQS client.</param>
    /// <param name="queueUrl">The queue.</param>
    /// <param name="onCallFailed">Told when a whole batch call failed (each caller gets the error too).</param>
    /// <param name="sendCallsInFlight">
    /// How many SendMessageBatch calls may be in flight at once. Two for job events: a job's terminal event must not
    /// wait behind its own Started event's call, which would put two round trips on the serial path of a short job.
    /// </param>
    public SqsQueue(IAmazonSQS sqs, string queueUrl, Action<Exception>? onCallFailed = null, int sendCallsInFlight = 1)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        _sqs = sqs;
        Url = queueUrl;
        _deletes = new SqsBatcher<string>(DeleteBatchAsync, onCallFailed: onCallFailed);
        _visibility = new SqsBatcher<(string, int)>(ChangeVisibilityBatchAsync, onCallFailed: onCallFailed);
        _sends = new SqsBatcher<SqsOutgoingMessage>(SendBatchAsync, maxCallsInFlight: sendCallsInFlight, sizeOf: m => m.SizeBytes, onCallFailed: onCallFailed, isObsolete: m => m.IsObsolete);
    }

    /// <summary>The queue's URL.</summary>
    public string Url { get; }

    /// <summary>Deletes a received message.</summary>
    public Task DeleteAsync(string receiptHandle) => _deletes.SendAsync(receiptHandle);

    /// <summary>Keeps a received message hidden for <paramref name="visibility"/> from now; zero makes it visible at once.</summary>
    public Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibility) =>
        _visibility.SendAsync((receiptHandle, SqsLimits.ToVisibilitySeconds(visibility)));

    /// <summary>Sends a message.</summary>
    public Task SendAsync(SqsOutgoingMessage message) => _sends.SendAsync(message);

    /// <summary>
    /// Sends several messages in as few SendMessageBatch calls as the limits allow; one task per message, in order.
    /// See <see cref="SqsBatcher{TEntry}.SendAllAsync"/> for what <paramref name="cancellationToken"/> drops.
    /// </summary>
    public IReadOnlyList<Task> SendAllAsync(IReadOnlyList<SqsOutgoingMessage> messages, CancellationToken cancellationToken) =>
        _sends.SendAllAsync(messages, cancellationToken);

    /// <summary>Sends what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _sends.DisposeAsync().ConfigureAwait(false);
        await _visibility.DisposeAsync().ConfigureAwait(false);
        await _deletes.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Exception?>> DeleteBatchAsync(IReadOnlyList<string> handles, CancellationToken cancellationToken)
    {
        var response = await _sqs.DeleteMessageBatchAsync(
            new DeleteMessageBatchRequest
            {
                QueueUrl = Url,
                Entries = [.. handles.Select((handle, i) => new DeleteMessageBatchRequestEntry { Id = SqsBatchResults.EntryId(i), ReceiptHandle = handle })],
            },
            cancellationToken).ConfigureAwait(false);
        return SqsBatchResults.PerEntry("DeleteMessageBatch", handles.Count, response.Failed);
    }

    private async Task<IReadOnlyList<Exception?>> ChangeVisibilityBatchAsync(IReadOnlyList<(string ReceiptHandle, int Seconds)> entries, CancellationToken cancellationToken)
    {
        var response = await _sqs.ChangeMessageVisibilityBatchAsync(
            new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = Url,
                Entries = [.. entries.Select((e, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = SqsBatchResults.EntryId(i), ReceiptHandle = e.ReceiptHandle, VisibilityTimeout = e.Seconds })],
            },
            cancellationToken).ConfigureAwait(false);
        return SqsBatchResults.PerEntry("ChangeMessageVisibilityBatch", entries.Count, response.Failed);
    }

    private async Task<IReadOnlyList<Exception?>> SendBatchAsync(IReadOnlyList<SqsOutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var response = await _sqs.SendMessageBatchAsync(
            new SendMessageBatchRequest
            {
                QueueUrl = Url,
                Entries = [.. messages.Select((m, i) => new SendMessageBatchRequestEntry { Id = SqsBatchResults.EntryId(i), MessageBody = m.Body, MessageAttributes = MessageAttributes.ToSqs(m.Attributes), MessageGroupId = m.GroupId })],
            },
            cancellationToken).ConfigureAwait(false);
        return SqsBatchResults.PerEntry("SendMessageBatch", messages.Count, response.Failed);
    }
}
