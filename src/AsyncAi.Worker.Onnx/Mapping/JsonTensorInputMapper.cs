using System.Text.Json;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// The default input mapper: each model input is read from the job input of the same name (or, for a model with
/// one input, from the job's only input) as <see cref="TensorJson"/>.
/// </summary>
public sealed class JsonTensorInputMapper : IOnnxInputMapper
{
    private const int MaxTensorJsonBytes = 256 * 1024 * 1024;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, OnnxTensor>> MapInputsAsync(IJobContext context, OnnxModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        var tensors = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (var input in model.Inputs)
        {
            var inputName = model.Inputs.Count == 1 && context.InputNames.Count == 1 ? context.InputNames.First() : input.Name;
            var stream = await context.OpenInputAsync(inputName, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                TensorJson? json;
                try
                {
                    json = await JsonSerializer.DeserializeAsync(new LimitedStream(stream, MaxTensorJsonBytes), TensorJsonContext.Default.TensorJson, cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException ex)
                {
                    throw new InvalidJobInputException($"Input '{inputName}' is not a tensor as JSON ({{\"shape\": [...], \"data\": [...]}}): {ex.Message}", ex);
                }

                if (json?.Shape is null || json.Data is null)
                {
                    throw new InvalidJobInputException($"Input '{inputName}' must have both \"shape\" and \"data\".");
                }

                try
                {
                    tensors[input.Name] = new OnnxTensor(json.Data, json.Shape);
                }
                catch (Exception ex) when (ex is ArgumentException or OverflowException)
                {
                    throw new InvalidJobInputException($"Input '{inputName}': {ex.Message}", ex);
                }
            }
        }

        return tensors;
    }
}
