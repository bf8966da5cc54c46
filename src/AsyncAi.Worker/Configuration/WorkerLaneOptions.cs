namespace AsyncAi.Worker;

/// <summary>
/// One priority lane of a worker: a request queue of its own (for example <c>high</c>, <c>normal</c>, <c>bulk</c>),
/// listed in <see cref="AsyncAiWorkerOptions.Lanes"/> from the highest priority to the lowest.
/// </summary>
public sealed class WorkerLaneOptions
{
    /// <summary>The lane's name, as producers name it (<c>JobRequest.Lane</c>): letters, digits, '-' or '_'. Required.</summary>
    public string? Name { get; set; }

    /// <summary>The lane's request queue; unset: <see cref="AsyncAiWorkerOptions.RequestQueueUrl"/> (exactly one lane is that queue).</summary>
    public Uri? QueueUrl { get; set; }

    /// <summary>
    /// Where unreadable messages of this lane go; unset: the lane queue's redrive policy (for the lane of
    /// <see cref="AsyncAiWorkerOptions.RequestQueueUrl"/>, <see cref="AsyncAiWorkerOptions.DeadLetterQueueUrl"/> first).
    /// </summary>
    public Uri? DeadLetterQueueUrl { get; set; }

    /// <summary>
    /// How often this lane is asked first when several lanes have work, relative to the others (1 to 1,000, default 1;
    /// with <see cref="LanePolicy.Weighted"/>). A lane with weight 8 beside one with weight 1 gets 8 of every 9 freed
    /// slots while both are busy, and the weight-1 lane still gets its ninth: no lane starves.
    /// </summary>
    public int Weight { get; set; } = 1;
}
