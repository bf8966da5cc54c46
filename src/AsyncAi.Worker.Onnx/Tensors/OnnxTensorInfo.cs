namespace AsyncAi.Worker.Onnx;

/// <summary>What a model declares about one input or output.</summary>
/// <param name="Name">The name in the model.</param>
/// <param name="Shape">The dimensions, -1 for a dynamic one.</param>
public sealed record OnnxTensorInfo(string Name, IReadOnlyList<long> Shape)
{
    /// <summary>Whether the first dimension is dynamic, so that items can be stacked along it.</summary>
    public bool HasDynamicBatch => Shape.Count > 0 && Shape[0] < 0;

    /// <summary>The shape as <c>[?, 3, 48, ?]</c>.</summary>
    public override string ToString() => $"{Name} {OnnxTensor.FormatShape(Shape)}";
}
