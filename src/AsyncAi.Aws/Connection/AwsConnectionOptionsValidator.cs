using AsyncAi.Aws.Configuration;
using Microsoft.Extensions.Options;

namespace AsyncAi.Aws;

/// <summary>Checks <see cref="AwsConnectionOptions"/> at start, naming each setting by its configuration path (<see cref="OptionErrors"/>).</summary>
internal sealed class AwsConnectionOptionsValidator(string? sectionPath) : IValidateOptions<AwsConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, AwsConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new OptionErrors(sectionPath);
        OptionRules.CheckHttpUrl(errors, nameof(options.ServiceUrl), options.ServiceUrl);

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }
}
