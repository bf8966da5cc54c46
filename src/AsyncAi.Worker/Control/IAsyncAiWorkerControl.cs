namespace AsyncAi.Worker;

/// <summary>
/// Pauses and resumes taking new jobs (for maintenance, or while a model reloads). Jobs already running go on,
/// and their messages stay invisible. Resolve it from DI.
/// </summary>
public interface IAsyncAiWorkerControl
{
    /// <summary>Whether the worker is paused.</summary>
    bool IsPaused { get; }

    /// <summary>The number of jobs this worker holds now.</summary>
    int InFlightJobs { get; }

    /// <summary>Stops receiving after the current long polls return (at most the receive wait time).</summary>
    void PauseReceiving();

    /// <summary>Starts receiving again.</summary>
    void ResumeReceiving();
}
