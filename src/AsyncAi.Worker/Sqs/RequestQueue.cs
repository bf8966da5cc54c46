using AsyncAi.Aws.Sqs;
using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Sqs;

/// <summary>The worker's request queues, one <see cref="RequestLane"/> per priority lane (one for a worker without lanes), shared by every part of the worker.</summary>
internal sealed class RequestQueue : IAsyncDisposable
{
    public RequestQueue(WorkerAwsClients aws, IOptions<AsyncAiWorkerOptions> options, TimeProvider time, ILogger<RequestQueue> logger)
    {
        Plan = LanePlan.Of(options.Value);
        Lanes = [.. Plan.Select(lane =>
        {
            var queue = new SqsQueue(aws.Sqs, lane.QueueUrl.ToString(), ex => WorkerLog.BatchFailed(logger, ex));
            return new RequestLane(lane.Name, queue, new DeadLetterMover(aws.Sqs, queue, lane.DeadLetterQueueUrl?.ToString(), time, logger));
        })];
    }

    /// <summary>The lanes' queues and weights, highest priority first.</summary>
    public IReadOnlyList<LanePlan> Plan { get; }

    /// <summary>The lanes, in the order of <see cref="Plan"/>.</summary>
    public IReadOnlyList<RequestLane> Lanes { get; }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in Lanes)
        {
            await lane.Queue.DisposeAsync().ConfigureAwait(false);
        }
    }
}
