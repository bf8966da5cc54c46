namespace AsyncAi.Worker;

/// <summary>How a worker with several <see cref="AsyncAiWorkerOptions.Lanes"/> shares its free slots among them.</summary>
public enum LanePolicy
{
    /// <summary>Each lane is asked first in proportion to its <see cref="WorkerLaneOptions.Weight"/>.</summary>
    Weighted,

    /// <summary>
    /// The highest lane with work always goes first, except that each lower lane goes first in at least
    /// <see cref="AsyncAiWorkerOptions.LaneMinimumShare"/> of the receives, so a never-empty high lane cannot starve it.
    /// </summary>
    Strict,
}
