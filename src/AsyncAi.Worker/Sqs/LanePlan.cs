using AsyncAi.Aws.Sqs;

namespace AsyncAi.Worker.Sqs;

/// <summary>The request queues a worker polls, highest priority first, with the weight of each (how often it is asked first).</summary>
internal sealed record LanePlan(string Name, Uri QueueUrl, Uri? DeadLetterQueueUrl, int Weight)
{
    /// <summary>The name of the one lane of a worker without <see cref="AsyncAiWorkerOptions.Lanes"/>.</summary>
    public const string DefaultName = "default";

    /// <summary>The lanes of validated options: <see cref="AsyncAiWorkerOptions.Lanes"/>, or the request queue alone.</summary>
    public static IReadOnlyList<LanePlan> Of(AsyncAiWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Lanes.Count == 0)
        {
            return [new LanePlan(DefaultName, options.RequestQueueUrl!, options.DeadLetterQueueUrl, 1)];
        }

        var strict = options.LanePolicy == LanePolicy.Strict ? LaneWeights.ForStrictPriority(options.Lanes.Count, options.LaneMinimumShare) : null;
        return [.. options.Lanes.Select((lane, i) =>
        {
            var isRequestQueue = lane.QueueUrl is null || lane.QueueUrl == options.RequestQueueUrl;
            return new LanePlan(
                lane.Name!,
                lane.QueueUrl ?? options.RequestQueueUrl!,
                lane.DeadLetterQueueUrl ?? (isRequestQueue ? options.DeadLetterQueueUrl : null),
                strict?[i] ?? lane.Weight);
        })];
    }
}
