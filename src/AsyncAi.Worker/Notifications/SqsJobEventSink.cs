using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Aws.Batching;
using AsyncAi.Aws.Messages;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Finishing;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Worker.Notifications;

/// <summary>Sends events to the response queue, gathered into SendMessageBatch calls (10 entries, 1 MiB).</summary>
internal sealed class SqsJobEventSink : IJobEventSink
{
    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly MicroBatcher<EventMessage> _batcher;

    public SqsJobEventSink(IAmazonSQS sqs, Uri queueUrl, TimeProvider timeProvider, ILogger logger)
    {
        _sqs = sqs;
        _queueUrl = queueUrl.ToString();
        _batcher = new MicroBatcher<EventMessage>(SendBatchAsync, SqsMessageSize.MaxBatchEntries, TimeSpan.FromMilliseconds(5), timeProvider, ex => WorkerLog.BatchFailed(logger, ex));
    }

    public void Start() => _batcher.Start();

    public Task SendAsync(EventMessage message, CancellationToken cancellationToken) => _batcher.SendAsync(message, cancellationToken);

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    private async Task<IReadOnlyList<Exception?>> SendBatchAsync(IReadOnlyList<EventMessage> messages, CancellationToken cancellationToken)
    {
        var entries = messages.Select((m, i) => (Index: i, Body: JobWireFormat.Serialize(m), Message: m)).ToList();
        var results = new Exception?[messages.Count];
        // The 10-entry batch may still exceed 1 MiB with large completions; the planner splits it further.
        foreach (var plan in SqsBatchPlanner.Plan(entries, e => SqsMessageSize.Of(e.Body, Attributes(e.Message))))
        {
            var request = new SendMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = plan.Select(e => new SendMessageBatchRequestEntry
                {
                    Id = e.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MessageBody = e.Body,
                    MessageAttributes = Attributes(e.Message).ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }),
                }).ToList(),
            };
            var response = await _sqs.SendMessageBatchAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var failed in response.Failed ?? [])
            {
                results[int.Parse(failed.Id, System.Globalization.CultureInfo.InvariantCulture)] = new AmazonSQSException($"SendMessageBatch entry failed: {failed.Code} {failed.Message}");
            }
        }

        return results;
    }

    private static Dictionary<string, string> Attributes(EventMessage message) => OutgoingMessages.EventAttributes(message);
}
