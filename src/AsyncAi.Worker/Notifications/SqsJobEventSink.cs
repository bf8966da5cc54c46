using System.Collections.Concurrent;
using AsyncAi.Aws.Messages;
using AsyncAi.Aws.Sqs;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Pipeline;
using AsyncAi.Worker.Sqs;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Notifications;

/// <summary>
/// Sends events to the response queue through one batcher (group commit: at once when idle, full batches when
/// busy). A Started event still waiting to go out when its job's terminal event arrives is dropped: the terminal
/// event says more, and a short job then costs one SendMessageBatch entry instead of two.
/// </summary>
internal sealed class SqsJobEventSink : IJobEventSink, IAsyncDisposable
{
    private readonly SqsQueue _queue;
    private readonly ConcurrentDictionary<JobId, SqsOutgoingMessage> _pendingStarted = new();

    public SqsJobEventSink(WorkerAwsClients aws, IOptions<AsyncAiWorkerOptions> options, ILogger<SqsJobEventSink> logger)
    {
        _queue = new SqsQueue(aws.Sqs, options.Value.ResponseQueueUrl!.ToString(), ex => WorkerLog.BatchFailed(logger, ex), sendCallsInFlight: 2);
    }

    public async Task SendAsync(OutgoingEvent outgoing)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        var message = outgoing.Message;
        var sqsMessage = new SqsOutgoingMessage(outgoing.Body, OutgoingMessages.EventAttributes(message));
        var jobId = message.Event.JobId;
        if (message.Event.Type == JobEventType.Started)
        {
            _pendingStarted[jobId] = sqsMessage;
            try
            {
                await _queue.SendAsync(sqsMessage).ConfigureAwait(false);
            }
            finally
            {
                _pendingStarted.TryRemove(new KeyValuePair<JobId, SqsOutgoingMessage>(jobId, sqsMessage));
            }

            return;
        }

        if (message.Event.IsTerminal && _pendingStarted.TryRemove(jobId, out var started))
        {
            started.IsObsolete = true;
        }

        await _queue.SendAsync(sqsMessage).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
