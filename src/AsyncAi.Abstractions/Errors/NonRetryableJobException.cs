namespace AsyncAi;

/// <summary>
/// Thrown by a handler (or by AsyncAi on its behalf) when trying again cannot help: the job completes as failed
/// at once, with <see cref="Code"/> and the message as its error. Any other exception is retried with backoff.
/// </summary>
public class NonRetryableJobException : Exception
{
    /// <summary>Creates the exception with an error code and a message.</summary>
    /// <param name="code">A stable, machine-readable code reported in the completion.</param>
    /// <param name="message">A human-readable explanation reported in the completion.</param>
    /// <param name="innerException">The underlying error, if any; it is logged, not reported.</param>
    public NonRetryableJobException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
    }

    /// <summary>The error code reported in the completion.</summary>
    public string Code { get; }
}

/// <summary>The job's parameters could not be read as the handler expects.</summary>
/// <param name="message">What is wrong with them.</param>
/// <param name="innerException">The underlying error.</param>
public sealed class InvalidJobParametersException(string message, Exception? innerException = null)
    : NonRetryableJobException(JobErrorCodes.InvalidParameters, message, innerException);

/// <summary>A named input is missing from the request, or its object is not in S3.</summary>
/// <param name="inputName">The input's name.</param>
/// <param name="message">What is missing.</param>
/// <param name="innerException">The underlying error.</param>
public sealed class JobInputMissingException(string inputName, string message, Exception? innerException = null)
    : NonRetryableJobException(JobErrorCodes.InputMissing, message, innerException)
{
    /// <summary>The input's name.</summary>
    public string InputName { get; } = inputName;
}

/// <summary>An input exists but cannot be used (a corrupt image, a tensor of the wrong shape).</summary>
/// <param name="message">What is wrong with it.</param>
/// <param name="innerException">The underlying error.</param>
public sealed class InvalidJobInputException(string message, Exception? innerException = null)
    : NonRetryableJobException(JobErrorCodes.InvalidInput, message, innerException);
