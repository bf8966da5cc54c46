using AsyncAi.Aws.Provisioning;
using Microsoft.Extensions.Options;

namespace AsyncAi.Samples.Worker;

/// <summary>
/// Checks the <c>WorkerSample</c> section when the worker starts, naming every bad setting at once, so that a typo
/// fails the start instead of the first job.
/// </summary>
internal sealed class WorkerSampleOptionsValidator : IValidateOptions<WorkerSampleOptions>
{
    private const string P = WorkerSampleOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, WorkerSampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ProvisionResources)
        {
            if (!AsyncAiResourceNames.IsValidQueueName(options.RequestQueueName))
            {
                errors.Add($"{P}RequestQueueName '{options.RequestQueueName}' must be 1-80 letters, digits, '-' or '_' when ProvisionResources is on.");
            }

            if (!string.IsNullOrWhiteSpace(options.ResponseQueueName) && !AsyncAiResourceNames.IsValidQueueName(options.ResponseQueueName))
            {
                errors.Add($"{P}ResponseQueueName '{options.ResponseQueueName}' must be 1-80 letters, digits, '-' or '_'.");
            }
        }

        if (options.ModelsDirectory is not null && !Directory.Exists(options.ModelsDirectory))
        {
            errors.Add($"{P}ModelsDirectory '{options.ModelsDirectory}' does not exist; run scripts/fetch-models.sh or point it at the PaddleOCR files.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
