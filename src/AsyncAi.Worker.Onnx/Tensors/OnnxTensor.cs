using System.Collections.ObjectModel;
using System.Globalization;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// A dense float tensor: row-major data and its shape, the first dimension being the batch. The data is not
/// copied; the caller keeps it unchanged until the model call that uses it has finished.
/// </summary>
public sealed class OnnxTensor
{
    private readonly long[] _shape;

    /// <summary>Creates a tensor over existing data.</summary>
    /// <param name="data">The values, row-major.</param>
    /// <param name="shape">The dimensions; their product must equal the data's length.</param>
    /// <exception cref="ArgumentException">The shape has a negative dimension or does not match the data's length.</exception>
    public OnnxTensor(ReadOnlyMemory<float> data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0))
        {
            throw new ArgumentException($"A tensor shape cannot have a negative dimension: {FormatShape(shape)}.", nameof(shape));
        }

        var count = ElementCountOf(shape);
        if (count != data.Length)
        {
            throw new ArgumentException($"The shape {FormatShape(shape)} holds {count} values but the data has {data.Length}.", nameof(data));
        }

        Data = data;
        _shape = (long[])shape.Clone();
        Shape = new ReadOnlyCollection<long>(_shape);
    }

    /// <summary>The values, row-major.</summary>
    public ReadOnlyMemory<float> Data { get; }

    /// <summary>The dimensions, the batch first.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The shape as an array (a copy).</summary>
    public long[] GetShape() => (long[])_shape.Clone();

    internal long[] ShapeArray => _shape;

    /// <summary>Writes a shape as <c>[1, 3, 48, 320]</c>, with <c>?</c> for a dynamic dimension.</summary>
    /// <param name="shape">The dimensions; negative ones are dynamic.</param>
    public static string FormatShape(IEnumerable<long> shape)
        => "[" + string.Join(", ", shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    internal static long ElementCountOf(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            count = checked(count * d);
        }

        return count;
    }
}
