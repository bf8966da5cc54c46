using System.Text;
using AsyncAi.Worker.Onnx;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Reliability.WorkerHost.Handlers;

/// <summary>
/// Waits for the ONNX model <see cref="JobTypes.ModelName"/> (loaded by AsyncAi.Worker.Onnx at start) and writes the
/// names of its inputs. A model that failed to load fails the job the way the SDK defines it.
/// </summary>
internal sealed class LoadModelHandler(Journal journal, [FromKeyedServices(JobTypes.ModelName)] OnnxModel model) : JournaledHandler(journal)
{
    protected override async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        await model.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        var inputs = string.Join(",", model.Inputs.Select(i => i.Name));
        await context.Outputs.WriteAsync(JobTypes.ModelInputsOutput, Encoding.UTF8.GetBytes(inputs), "text/plain", cancellationToken).ConfigureAwait(false);
    }
}
