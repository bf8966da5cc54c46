using AsyncAi.Aws.Sqs;
using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Sqs;

/// <summary>The request queue's batched message calls and its dead-letter mover, shared by every part of the worker.</summary>
internal sealed class RequestQueue : IAsyncDisposable
{
    public RequestQueue(WorkerAwsClients aws, IOptions<AsyncAiWorkerOptions> options, TimeProvider time, ILogger<RequestQueue> logger)
    {
        var settings = options.Value;
        Queue = new SqsQueue(aws.Sqs, settings.RequestQueueUrl!.ToString(), ex => WorkerLog.BatchFailed(logger, ex));
        DeadLetters = new DeadLetterMover(aws.Sqs, Queue, settings.DeadLetterQueueUrl?.ToString(), time, logger);
    }

    /// <summary>Deletes, visibility changes (retry delays, releases, renewals).</summary>
    public SqsQueue Queue { get; }

    /// <summary>Sets aside messages that can never be processed.</summary>
    public DeadLetterMover DeadLetters { get; }

    public ValueTask DisposeAsync() => Queue.DisposeAsync();
}
