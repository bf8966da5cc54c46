using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Finishing;

/// <summary>
/// What the worker does to request-queue messages once a job is decided: delete (gathered into
/// DeleteMessageBatch calls), hide for a retry delay, or make visible again at once.
/// </summary>
internal sealed class QueueMessageActions : IAsyncDisposable
{
    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly MicroBatcher<string> _deletes;

    public QueueMessageActions(IAmazonSQS sqs, Uri queueUrl, TimeProvider timeProvider, ILogger logger)
    {
        _sqs = sqs;
        _queueUrl = queueUrl.ToString();
        _deletes = new MicroBatcher<string>(DeleteBatchAsync, SqsMessageSize.MaxBatchEntries, TimeSpan.FromMilliseconds(5), timeProvider, ex => WorkerLog.BatchFailed(logger, ex));
    }

    public void Start() => _deletes.Start();

    public Task DeleteAsync(Message message) => _deletes.SendAsync(message.ReceiptHandle);

    /// <summary>Keeps the message hidden for <paramref name="delay"/> from now; 0 makes it visible at once.</summary>
    public Task SetVisibilityAsync(Message message, TimeSpan delay) =>
        _sqs.ChangeMessageVisibilityAsync(
            new ChangeMessageVisibilityRequest
            {
                QueueUrl = _queueUrl,
                ReceiptHandle = message.ReceiptHandle,
                VisibilityTimeout = Visibility.VisibilityRenewalPolicy.ToSqsSeconds(delay),
            },
            CancellationToken.None);

    public ValueTask DisposeAsync() => _deletes.DisposeAsync();

    internal static DeleteMessageBatchRequest BuildDeleteRequest(string queueUrl, IReadOnlyList<string> receiptHandles) => new()
    {
        QueueUrl = queueUrl,
        Entries = receiptHandles
            .Select((handle, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = handle })
            .ToList(),
    };

    private async Task<IReadOnlyList<Exception?>> DeleteBatchAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        var response = await _sqs.DeleteMessageBatchAsync(BuildDeleteRequest(_queueUrl, receiptHandles), cancellationToken).ConfigureAwait(false);
        var results = new Exception?[receiptHandles.Count];
        foreach (var failed in response.Failed ?? [])
        {
            results[int.Parse(failed.Id, CultureInfo.InvariantCulture)] = new AmazonSQSException($"DeleteMessageBatch entry failed: {failed.Code} {failed.Message}");
        }

        return results;
    }
}
