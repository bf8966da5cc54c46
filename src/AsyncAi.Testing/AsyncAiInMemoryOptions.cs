namespace AsyncAi.Testing;

/// <summary>How the in-memory mode names storage and runs jobs. Every setting has a default that suits unit tests.</summary>
public sealed class AsyncAiInMemoryOptions
{
    /// <summary>The bucket name written into object references (nothing is created anywhere). Default <c>asyncai-in-memory</c>.</summary>
    public string Bucket { get; set; } = "asyncai-in-memory";

    /// <summary>The root prefix of job prefixes, empty or ending in '/'. Default empty.</summary>
    public string RootPrefix { get; set; } = string.Empty;

    /// <summary>
    /// How many times a job runs when its handler throws an exception other than
    /// <see cref="NonRetryableJobException"/>, counting the first run; retries follow at once, without backoff.
    /// Default 5, as on a real worker.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Whether a published job starts running at once (the default). Set it to <see langword="false"/> to hold jobs
    /// until <see cref="AsyncAiTestHarness.RunPendingJobsAsync"/>, for example to cancel a job before it starts.
    /// </summary>
    public bool RunJobsAutomatically { get; set; } = true;

    /// <summary>The worker id reported in events and completions. Default <c>in-memory</c>.</summary>
    public string WorkerId { get; set; } = "in-memory";

    /// <summary>
    /// How long <see cref="AsyncAiTestHarness.RunAsync"/> waits for a completion before it throws
    /// <see cref="TimeoutException"/>, so that a stuck handler fails a test instead of hanging it. Default 1 minute.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
