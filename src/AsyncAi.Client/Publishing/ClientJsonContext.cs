using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Client;

/// <summary>Source-generated JSON metadata for the records the producer keeps in S3.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(IdempotencyRecord))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(CancelRequest))]
[JsonSerializable(typeof(JobCompletion))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
