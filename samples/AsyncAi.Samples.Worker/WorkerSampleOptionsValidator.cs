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
            CheckQueueName(errors, options.RequestQueueName, P + "RequestQueueName", required: true);
            CheckQueueName(errors, options.ResponseQueueName, P + "ResponseQueueName", required: false);
        }

        if (options.ModelsDirectory is not null && !Directory.Exists(options.ModelsDirectory))
        {
            errors.Add($"{P}ModelsDirectory '{options.ModelsDirectory}' does not exist; run scripts/fetch-models.sh or point it at the PaddleOCR files.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // The SQS naming rule for the standard queues the sample creates.
    private static void CheckQueueName(List<string> errors, string? queueName, string setting, bool required)
    {
        if (string.IsNullOrWhiteSpace(queueName))
        {
            if (required)
            {
                errors.Add($"{setting} is required when ProvisionResources is on.");
            }

            return;
        }

        if (queueName.Length > 80 || !queueName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add($"{setting} '{queueName}' must be 1-80 letters, digits, '-' or '_' (an SQS queue name).");
        }
    }
}
