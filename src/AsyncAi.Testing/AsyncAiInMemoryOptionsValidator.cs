using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>
/// Reports every invalid setting at once, each by name (<see cref="OptionErrors"/>; set in code, so under no
/// section), so that a misconfigured test fails on its first use.
/// </summary>
internal sealed class AsyncAiInMemoryOptionsValidator : IValidateOptions<AsyncAiInMemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, AsyncAiInMemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(sectionPath: null);
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            errors.Add(nameof(AsyncAiInMemoryOptions.Bucket), options.Bucket, "must not be empty");
        }

        if (options.RootPrefix is null || (options.RootPrefix.Length > 0 && !options.RootPrefix.EndsWith('/')))
        {
            errors.Add(nameof(AsyncAiInMemoryOptions.RootPrefix), options.RootPrefix, "must be empty or end in '/'");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add(nameof(AsyncAiInMemoryOptions.MaxAttempts), options.MaxAttempts, "must be at least 1");
        }

        if (string.IsNullOrWhiteSpace(options.WorkerId))
        {
            errors.Add(nameof(AsyncAiInMemoryOptions.WorkerId), options.WorkerId, "must not be empty");
        }

        if (options.WaitTimeout <= TimeSpan.Zero)
        {
            errors.Add(nameof(AsyncAiInMemoryOptions.WaitTimeout), options.WaitTimeout, "must be positive");
        }

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }
}
