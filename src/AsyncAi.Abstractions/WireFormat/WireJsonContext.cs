using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.WireFormat;

/// <summary>Source-generated JSON metadata for every wire type: no reflection on the hot path, trimming safe.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(ClaimCheck))]
[JsonSerializable(typeof(JobEvent))]
[JsonSerializable(typeof(JobCompletion))]
[JsonSerializable(typeof(JobStatusRecord))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
