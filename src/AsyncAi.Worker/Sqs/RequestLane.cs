using AsyncAi.Aws.Sqs;

namespace AsyncAi.Worker.Sqs;

/// <summary>One request queue of the worker (a priority lane, or the only queue): its batched message calls and its dead-letter mover.</summary>
internal sealed class RequestLane(string name, SqsQueue queue, DeadLetterMover deadLetters)
{
    /// <summary>The lane's name (<c>default</c> for a worker without lanes).</summary>
    public string Name { get; } = name;

    /// <summary>Deletes, visibility changes (retry delays, releases, renewals).</summary>
    public SqsQueue Queue { get; } = queue;

    /// <summary>Sets aside messages that can never be processed.</summary>
    public DeadLetterMover DeadLetters { get; } = deadLetters;
}
