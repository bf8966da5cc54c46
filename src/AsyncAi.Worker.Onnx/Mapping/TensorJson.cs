using System.Text.Json.Serialization;

namespace AsyncAi.Worker.Onnx;

/// <summary>A tensor as JSON: <c>{"shape": [1, 4], "data": [0.5, ...]}</c>, row-major.</summary>
/// <param name="Shape">The dimensions.</param>
/// <param name="Data">The values.</param>
public sealed record TensorJson(
    [property: JsonPropertyName("shape")] long[] Shape,
    [property: JsonPropertyName("data")] float[] Data);

/// <summary>Source-generated JSON metadata for <see cref="TensorJson"/>.</summary>
[JsonSerializable(typeof(TensorJson))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TensorJsonContext : JsonSerializerContext;
