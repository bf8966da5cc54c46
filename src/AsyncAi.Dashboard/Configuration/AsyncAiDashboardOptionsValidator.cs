using Microsoft.Extensions.Options;

namespace AsyncAi.Dashboard;

/// <summary>Checks every dashboard setting at start and names each bad one by its configuration path.</summary>
internal sealed class AsyncAiDashboardOptionsValidator(DashboardOptionsSection section) : IValidateOptions<AsyncAiDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, AsyncAiDashboardOptions options)
    {
        var errors = new OptionErrors(section.Path);
        errors.Range(nameof(options.SampleInterval), options.SampleInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        if (errors.Range(nameof(options.History), options.History, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24))
            && options.History < options.SampleInterval)
        {
            errors.Add(nameof(options.History), options.History, "must be at least SampleInterval");
        }

        errors.Range(nameof(options.DeadLetterScanVisibility), options.DeadLetterScanVisibility, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "rounded up to whole seconds, as SQS takes them");
        errors.Range(nameof(options.MaxDeadLettersListed), options.MaxDeadLettersListed, 10, 10_000);
        if (options.RequestDeadLetterQueueUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add(nameof(options.RequestDeadLetterQueueUrl), url, "must be an absolute http(s) URL");
        }

        return errors.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Messages);
    }
}

/// <summary>The configuration path the dashboard's options were bound from, for error messages.</summary>
internal sealed record DashboardOptionsSection(string Path);
