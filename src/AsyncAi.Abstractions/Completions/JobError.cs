namespace AsyncAi;

/// <summary>Why a job did not succeed.</summary>
/// <param name="Code">A stable, machine-readable code (see <see cref="JobErrorCodes"/>).</param>
/// <param name="Message">A human-readable explanation. Never holds secrets or stack traces.</param>
public sealed record JobError(string Code, string Message);

/// <summary>The error codes AsyncAi itself reports; handlers may add their own.</summary>
public static class JobErrorCodes
{
    /// <summary>The handler threw an error that AsyncAi did not recognise, and the attempts ran out.</summary>
    public const string HandlerFailed = "handler_failed";

    /// <summary>The job's parameters could not be read as the handler expects.</summary>
    public const string InvalidParameters = "invalid_parameters";

    /// <summary>A named input is missing, or its object does not exist.</summary>
    public const string InputMissing = "input_missing";

    /// <summary>An input exists but could not be read as the handler expects (a corrupt image, a wrong shape).</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>No handler is registered for the job type.</summary>
    public const string UnknownJobType = "unknown_job_type";

    /// <summary>The job was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The job's deadline passed.</summary>
    public const string DeadlineExceeded = "deadline_exceeded";

    /// <summary>The model failed to load or to run.</summary>
    public const string ModelFailed = "model_failed";
}
