using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>Reports every invalid setting at once, each by name, so that a misconfigured test fails on its first use.</summary>
internal sealed class AsyncAiInMemoryOptionsValidator : IValidateOptions<AsyncAiInMemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, AsyncAiInMemoryOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            errors.Add($"{nameof(AsyncAiInMemoryOptions.Bucket)} must not be empty.");
        }

        if (options.RootPrefix is null || (options.RootPrefix.Length > 0 && !options.RootPrefix.EndsWith('/')))
        {
            errors.Add($"{nameof(AsyncAiInMemoryOptions.RootPrefix)} must be empty or end in '/' (was '{options.RootPrefix}').");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add($"{nameof(AsyncAiInMemoryOptions.MaxAttempts)} must be at least 1 (was {options.MaxAttempts}).");
        }

        if (string.IsNullOrWhiteSpace(options.WorkerId))
        {
            errors.Add($"{nameof(AsyncAiInMemoryOptions.WorkerId)} must not be empty.");
        }

        if (options.WaitTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(AsyncAiInMemoryOptions.WaitTimeout)} must be positive (was {options.WaitTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
