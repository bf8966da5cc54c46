using System.Text.Json;

namespace AsyncAi.Worker.Onnx;

/// <summary>The default output mapper: each model output is written as <c>&lt;output name&gt;.json</c> in <see cref="TensorJson"/> form.</summary>
public sealed class JsonTensorOutputMapper : IOnnxOutputMapper
{
    /// <inheritdoc />
    public async Task MapOutputsAsync(IJobContext context, OnnxModel model, OnnxResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var (name, tensor) in result.Outputs)
        {
            var json = new TensorJson(tensor.GetShape(), tensor.Data.ToArray());
            var bytes = JsonSerializer.SerializeToUtf8Bytes(json, TensorJsonContext.Default.TensorJson);
            await context.Outputs.WriteAsync(FileNameFor(name), bytes, "application/json", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A storage-safe file name for an output: characters other than letters, digits, '.', '-' and '_' become '_'.</summary>
    /// <param name="outputName">The output's name in the model.</param>
    public static string FileNameFor(string outputName)
    {
        ArgumentNullException.ThrowIfNull(outputName);
        var safe = string.Concat(outputName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('.');
        safe = safe.Length == 0 ? "output" : safe;
        return (safe.Length > 120 ? safe[..120] : safe) + ".json";
    }
}
