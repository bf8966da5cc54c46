using System.Buffers;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// The outputs of one request, sliced out of the model call it shared with others. The data lives in pooled
/// buffers: dispose the result when done, and do not use its tensors afterwards.
/// </summary>
public sealed class OnnxResult : IDisposable
{
    private readonly Dictionary<string, OnnxTensor> _outputs;
    private float[][]? _rented;

    internal OnnxResult(Dictionary<string, OnnxTensor> outputs, float[][] rented, int batchSize)
    {
        _outputs = outputs;
        _rented = rented;
        BatchSize = batchSize;
    }

    /// <summary>The outputs by name.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Outputs => _outputs;

    /// <summary>How many items the model call that produced this result held (1 when it ran alone).</summary>
    public int BatchSize { get; }

    /// <summary>One output by name.</summary>
    /// <param name="name">The output's name in the model.</param>
    /// <exception cref="KeyNotFoundException">The model has no such output.</exception>
    public OnnxTensor this[string name] => _outputs.TryGetValue(name, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"The model has no output '{name}'; it has {string.Join(", ", _outputs.Keys)}.");

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref _rented, null);
        if (rented is null)
        {
            return;
        }

        foreach (var array in rented)
        {
            ArrayPool<float>.Shared.Return(array);
        }
    }
}
