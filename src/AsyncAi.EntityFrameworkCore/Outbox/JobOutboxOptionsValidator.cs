using Microsoft.Extensions.Options;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>Checks <see cref="JobOutboxOptions"/> at start, in the one style of every AsyncAi validator.</summary>
internal sealed class JobOutboxOptionsValidator : IValidateOptions<JobOutboxOptions>
{
    /// <summary>The section the options are bound from by convention, used in the error paths.</summary>
    public const string Section = "AsyncAi:Outbox";

    public ValidateOptionsResult Validate(string? name, JobOutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(Section);
        errors.Range(nameof(options.MaxMessageBytes), options.MaxMessageBytes, 1024, 64 * 1024 * 1024);
        errors.Range(nameof(options.BatchSize), options.BatchSize, 1, 10_000);
        errors.Range(nameof(options.PollInterval), options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        errors.Range(nameof(options.LeaseDuration), options.LeaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(12));
        errors.Range(nameof(options.MaxSendAttempts), options.MaxSendAttempts, 1, 1000);
        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }
}
