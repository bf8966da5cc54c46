namespace AsyncAi.AspNetCore;

/// <summary>What a caller asks to do with a job; an <see cref="IJobAccessPolicy"/> decides whether it may.</summary>
public enum JobOperation
{
    /// <summary>Create a job and get its presigned upload (no job id yet).</summary>
    Create,

    /// <summary>Publish a created job once its input is uploaded.</summary>
    Start,

    /// <summary>Read a job's current state.</summary>
    Read,

    /// <summary>Follow a job's events (server-sent events or WebSocket).</summary>
    Watch,

    /// <summary>Cancel a job.</summary>
    Cancel,

    /// <summary>List the caller's own jobs (no job id).</summary>
    List,
}
