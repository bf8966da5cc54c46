namespace AsyncAi.Worker.Pipeline;

/// <summary>The settings the job runner needs, taken from the worker's or the in-memory mode's options.</summary>
/// <param name="WorkerId">This worker's name in events and completions.</param>
/// <param name="MaxAttempts">How many attempts a job gets before a retryable error fails it for good.</param>
/// <param name="ProgressInterval">The shortest time between two progress events of one job.</param>
internal sealed record JobRunnerSettings(string WorkerId, int MaxAttempts, TimeSpan ProgressInterval);
