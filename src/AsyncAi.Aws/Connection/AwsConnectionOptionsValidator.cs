using Microsoft.Extensions.Options;

namespace AsyncAi.Aws;

/// <summary>Checks <see cref="AwsConnectionOptions"/> at start, naming each setting by its configuration path.</summary>
internal sealed class AwsConnectionOptionsValidator(string? sectionPath) : IValidateOptions<AwsConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, AwsConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var p = string.IsNullOrEmpty(sectionPath) ? string.Empty : sectionPath + ":";
        var errors = new List<string>();
        if (options.ServiceUrl is { } url && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add($"{p}ServiceUrl '{url}' must be an absolute http or https URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
